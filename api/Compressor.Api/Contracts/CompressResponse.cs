namespace Compressor.Api.Contracts;

/// <summary>The result of a compression; <c>id</c> finds its stored record.</summary>
public sealed record CompressResponse
{
    public required Guid Id { get; init; }

    public required string Method { get; init; }

    public required string Text { get; init; }

    public IReadOnlyList<ChatMessageDto>? Messages { get; init; }

    public required int OriginalTokens { get; init; }

    public required int CompressedTokens { get; init; }

    public required double Ratio { get; init; }

    public required bool BudgetMet { get; init; }

    public required bool Cached { get; init; }

    public string? Model { get; init; }

    public string? ModelFingerprint { get; init; }

    public required string Tokenizer { get; init; }

    public IReadOnlyDictionary<string, double> Timings { get; init; } = new Dictionary<string, double>();

    public object? Details { get; init; }
}
