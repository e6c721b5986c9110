using System.Text.Json.Serialization;

namespace Compressor.Api.Contracts.OpenAi;

/// <summary>A <c>chat.completion</c> object.</summary>
public sealed record ChatCompletionResponse(
    string Id,
    long Created,
    string Model,
    string? SystemFingerprint,
    IReadOnlyList<ChatCompletionChoice> Choices,
    ChatCompletionUsage Usage)
{
    [JsonPropertyOrder(-1)]
    public string Object => "chat.completion";

    /// <summary>Present when the request asked for compression.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public CompressionStats? Compression { get; init; }
}
