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

    /// <summary>Output constraint (JSON Schema, regex, grammar, choice).</summary>
    public ConstraintDto? Constraint { get; init; }

    /// <summary>How constrained tokens are sampled (AWRS by default).</summary>
    public SamplerDto? Sampler { get; init; }

    /// <summary>A long context read through a bounded, evicting KV cache.</summary>
    public ContextDto? Context { get; init; }

    /// <summary>Latent vectors (C3) decoded in place of context text.</summary>
    public LatentsDto? Latents { get; init; }
}
