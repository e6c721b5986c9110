using System.Text.Json;

namespace Compressor.Client.Contracts;

/// <summary>POST /v1/compress: exactly one of <see cref="Text"/> or <see cref="Messages"/>.</summary>
public sealed record CompressRequest
{
    public string? Text { get; init; }

    public IReadOnlyList<ChatTurn>? Messages { get; init; }

    public string? Question { get; init; }

    /// <summary>truncate, extract, summarize, attention or latent.</summary>
    public required string Method { get; init; }

    public required CompressionTarget Target { get; init; }

    public IReadOnlyList<string>? Keep { get; init; }

    public string? Model { get; init; }

    public string? Tokenizer { get; init; }

    public int? Seed { get; init; }

    public bool? ProtectSystemAndLastUser { get; init; }

    /// <summary>Method-specific options as JSON.</summary>
    public JsonElement? Options { get; init; }
}
