namespace Compressor.Api.Contracts;

/// <summary>The most KV cells the context may occupy: absolute tokens or a ratio of the input.</summary>
public sealed record KvBudgetDto(int? Tokens = null, double? Ratio = null);
