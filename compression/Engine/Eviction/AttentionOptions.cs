namespace Compressor.Engine.Eviction;

/// <summary>Options of method "attention": the eviction policy that scores tokens, and reading overrides.</summary>
/// <param name="Policy">One of <see cref="EvictionPolicies.Names"/>; snapkv uses the question as its observation window.</param>
/// <param name="Window">Observation window without a question (snapkv) or recent window (h2o, frequency); null = Compressor:Eviction:Window.</param>
/// <param name="ChunkTokens">Tokens read between evictions; null = Compressor:Eviction:ChunkTokens.</param>
public sealed record AttentionOptions(string Policy = "snapkv", int? Window = null, int? ChunkTokens = null);
