using System.Text.Json;

namespace Compressor.Client.Contracts;

/// <summary>A stored compression with its input, output, options and method details.</summary>
public sealed record CompressionRecord
{
    public Guid Id { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public string Method { get; init; } = "";

    public string? Model { get; init; }

    public string? ModelFingerprint { get; init; }

    public string? Tokenizer { get; init; }

    public string? Question { get; init; }

    public JsonElement? Options { get; init; }

    public string? InputText { get; init; }

    public string? OutputText { get; init; }

    public int OriginalTokens { get; init; }

    public int CompressedTokens { get; init; }

    public double Ratio { get; init; }

    public bool BudgetMet { get; init; }

    public bool Cached { get; init; }

    public JsonElement? Timings { get; init; }

    public JsonElement? Details { get; init; }

    /// <summary>Still queued for the database.</summary>
    public bool Pending { get; init; }
}
