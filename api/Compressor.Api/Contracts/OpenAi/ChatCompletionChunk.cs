using System.Text.Json.Serialization;

namespace Compressor.Api.Contracts.OpenAi;

/// <summary>
/// A <c>chat.completion.chunk</c> streamed as <c>data: {json}</c>. Choices is empty and usage set
/// on the last chunk when <c>stream_options.include_usage</c> is true.
/// </summary>
public sealed record ChatCompletionChunk(
    string Id,
    long Created,
    string Model,
    string? SystemFingerprint,
    IReadOnlyList<ChatCompletionChunkChoice> Choices)
{
    [JsonPropertyOrder(-1)]
    public string Object => "chat.completion.chunk";

    public ChatCompletionUsage? Usage { get; init; }

    /// <summary>On the first chunk when the request asked for compression.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public CompressionStats? Compression { get; init; }
}
