using Compressor.Client.Contracts;

namespace Compressor.Client.AI;

/// <summary>When and how <see cref="CompressingChatClient"/> compresses a conversation.</summary>
public sealed record CompressionOptions
{
    /// <summary>Conversations at or under this many tokens pass through untouched.</summary>
    public int ThresholdTokens { get; init; } = 4096;

    /// <summary>How far to compress; default: down to <see cref="ThresholdTokens"/>.</summary>
    public CompressionTarget? Target { get; init; }

    /// <summary>truncate, extract (default: model-free, question-aware), summarize, attention or latent.</summary>
    public string Method { get; init; } = "extract";

    /// <summary>The question the compressed context must still answer; default: the last user turn (see <see cref="UseLastUserTurnAsQuestion"/>).</summary>
    public string? Question { get; init; }

    public bool UseLastUserTurnAsQuestion { get; init; } = true;

    /// <summary>Keep the system prompt and the last user turn verbatim (compress the rest).</summary>
    public bool KeepSystemAndLastUser { get; init; } = true;

    /// <summary>Strings that must survive compression.</summary>
    public IReadOnlyList<string>? Keep { get; init; }

    /// <summary>The service model that compresses and counts (default: the service's default model).</summary>
    public string? Model { get; init; }

    /// <summary>Count the budget in this tokenizer (a model id, or "vocab:qwen2" etc.), e.g. the inner chat model's.</summary>
    public string? Tokenizer { get; init; }
}
