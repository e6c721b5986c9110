namespace Compressor.Compression.Pipeline;

/// <summary>
/// The outcome of one compression. Token counts use the request's tokenizer. <see cref="Details"/>
/// is a method-specific record (chunk map, kept positions, latent layout) serialized as JSON for
/// the response and the stored record.
/// </summary>
public sealed record CompressionResult
{
    public required string Text { get; init; }

    /// <summary>Compressed messages, when the request had messages.</summary>
    public IReadOnlyList<ChatTurn>? Messages { get; init; }

    public required int OriginalTokens { get; init; }

    public required int CompressedTokens { get; init; }

    /// <summary>True when <see cref="CompressedTokens"/> is within the budget the target asked for.</summary>
    public required bool BudgetMet { get; init; }

    /// <summary>Milliseconds per stage (e.g. "segment", "score", "rewrite", "total").</summary>
    public IReadOnlyDictionary<string, double> TimingsMs { get; init; } = new Dictionary<string, double>();

    public object? Details { get; init; }

    /// <summary>compressed / original tokens; 1 for an empty input.</summary>
    public double Ratio => OriginalTokens == 0 ? 1.0 : (double)CompressedTokens / OriginalTokens;
}
