namespace Compressor.Api.Contracts.OpenAi;

/// <summary>The extra top-level <c>compression</c> field of a chat completion: what compression did.</summary>
public sealed record CompressionStats(
    Guid Id,
    string Method,
    int OriginalTokens,
    int CompressedTokens,
    double Ratio,
    bool BudgetMet,
    bool Cached,
    string Tokenizer);
