namespace Compressor.Engine.Eviction;

/// <summary>The answer generated over the reduced cache, and how the cache was reduced.</summary>
public sealed record EvictionOutcome(
    string ModelId,
    string ModelFingerprint,
    string Text,
    string FinishReason,
    int PromptTokens,
    int CompletionTokens,
    EvictionStats Stats);
