namespace Compressor.Storage;

/// <summary>
/// One compression as it is stored. JSON members are serialized by the caller; storage keeps them
/// as jsonb, so key order and whitespace may differ when read back. <see cref="InputText"/>,
/// <see cref="OutputText"/> and <see cref="Question"/> become null once text retention purges the row.
/// </summary>
public sealed record CompressionRecord
{
    public required Guid Id { get; init; }

    /// <summary>Stored with microsecond precision, returned in UTC.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    public required string Method { get; init; }

    public string? Model { get; init; }

    public string? ModelFingerprint { get; init; }

    public string? Tokenizer { get; init; }

    public string? Question { get; init; }

    /// <summary>The request options as a JSON object.</summary>
    public string OptionsJson { get; init; } = "{}";

    public string? InputText { get; init; }

    public string? OutputText { get; init; }

    public int OriginalTokens { get; init; }

    public int CompressedTokens { get; init; }

    public double Ratio { get; init; }

    public bool BudgetMet { get; init; }

    public bool Cached { get; init; }

    /// <summary>A JSON object of stage name to milliseconds; "total" feeds <see cref="CompressionSummary.TotalMs"/>.</summary>
    public string TimingsJson { get; init; } = "{}";

    public string? DetailsJson { get; init; }
}
