namespace Compressor.Client.Contracts;

/// <summary>POST /v1/generate: exactly one of <see cref="Prompt"/> or <see cref="Messages"/> (formatted with the model's chat template).</summary>
public sealed record GenerateRequest
{
    public string? Prompt { get; init; }

    public IReadOnlyList<ChatTurn>? Messages { get; init; }

    public string? Model { get; init; }

    public int MaxTokens { get; init; } = 256;

    public float Temperature { get; init; }

    public float TopP { get; init; } = 1f;

    public int? Seed { get; init; }

    public IReadOnlyList<string>? Stop { get; init; }

    public Constraint? Constraint { get; init; }
}
