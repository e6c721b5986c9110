namespace Compressor.Client.Contracts;

/// <summary>One stored compression in a listing.</summary>
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
