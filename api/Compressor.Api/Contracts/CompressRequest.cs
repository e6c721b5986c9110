using System.Text.Json;

namespace Compressor.Api.Contracts;

/// <summary>POST /v1/compress.</summary>
public sealed record CompressRequest
{
    public string? Text { get; init; }

    public IReadOnlyList<ChatMessageDto>? Messages { get; init; }

    public string? Question { get; init; }

    /// <summary>"truncate", "extract", "summarize" (and later methods).</summary>
    public string? Method { get; init; }

    public TargetDto? Target { get; init; }

    public IReadOnlyList<string>? Keep { get; init; }

    /// <summary>The model that rewrites (summarize) and, by default, counts tokens.</summary>
    public string? Model { get; init; }

    /// <summary>Count the budget in this model's vocabulary (a model id, or "vocab:qwen2" etc.).</summary>
    public string? Tokenizer { get; init; }

    public int? Seed { get; init; }

    public bool? ProtectSystemAndLastUser { get; init; }

    /// <summary>Method-specific options, checked against the method's own settings record.</summary>
    public JsonElement? Options { get; init; }

    /// <summary>Progress as Server-Sent Events, then the result.</summary>
    public bool Stream { get; init; }
}
