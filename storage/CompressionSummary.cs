namespace Compressor.Storage;

/// <summary>A list row: the numbers of a compression without its full texts.</summary>
/// <param name="TotalMs">The "total" entry of the timings, null when absent or not a number.</param>
/// <param name="InputPreview">The first 200 characters of the input, null once retention purged it.</param>
public sealed record CompressionSummary(
    Guid Id,
    DateTimeOffset CreatedAt,
    string Method,
    string? Model,
    int OriginalTokens,
    int CompressedTokens,
    double Ratio,
    bool BudgetMet,
    bool Cached,
    double? TotalMs,
    string? InputPreview);
