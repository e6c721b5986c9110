namespace Compressor.Api.Contracts;

/// <summary>POST /v1/generate: a raw prompt or chat messages (formatted with the model's template).</summary>
public sealed record GenerateRequest
{
    public string? Prompt { get; init; }

    public IReadOnlyList<ChatMessageDto>? Messages { get; init; }

    public string? Model { get; init; }

    public int MaxTokens { get; init; } = 256;

    public float Temperature { get; init; }

    public float TopP { get; init; } = 1f;

    public int? Seed { get; init; }

    public IReadOnlyList<string>? Stop { get; init; }

    /// <summary>Server-Sent Events, one event per text delta, then a final "done" event.</summary>
    public bool Stream { get; init; }
}
