using System.Text.Json;

namespace Compressor.Client.Contracts;

/// <summary>The result of a compression; <see cref="Id"/> finds its stored record.</summary>
public sealed record CompressResult
{
    public Guid Id { get; init; }

    public string Method { get; init; } = "";

    public string Text { get; init; } = "";

    public IReadOnlyList<ChatTurn>? Messages { get; init; }

    public int OriginalTokens { get; init; }

    public int CompressedTokens { get; init; }

    public double Ratio { get; init; }

    public bool BudgetMet { get; init; }

    public bool Cached { get; init; }

    public string? Model { get; init; }

    public string? ModelFingerprint { get; init; }

    public string? Tokenizer { get; init; }

    public IReadOnlyDictionary<string, double>? Timings { get; init; }

    public JsonElement? Details { get; init; }
}
