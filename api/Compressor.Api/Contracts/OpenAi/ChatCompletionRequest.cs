using System.Text.Json;

namespace Compressor.Api.Contracts.OpenAi;

/// <summary>
/// POST /v1/chat/completions, OpenAI's request for what Compressor supports, plus the
/// <c>compression</c> extension. Fields OpenAI clients send by habit but that change nothing here
/// (user, metadata, store, n = 1, zero penalties) are accepted; the rest is refused by name.
/// </summary>
public sealed record ChatCompletionRequest
{
    public string? Model { get; init; }

    public IReadOnlyList<ChatCompletionMessage>? Messages { get; init; }

    /// <summary>Deprecated by OpenAI in favour of <see cref="MaxCompletionTokens"/>; both are read.</summary>
    public int? MaxTokens { get; init; }

    public int? MaxCompletionTokens { get; init; }

    public float? Temperature { get; init; }

    public float? TopP { get; init; }

    public long? Seed { get; init; }

    /// <summary>A string or an array of strings.</summary>
    public JsonElement? Stop { get; init; }

    public bool? Stream { get; init; }

    public StreamOptions? StreamOptions { get; init; }

    public ResponseFormat? ResponseFormat { get; init; }

    /// <summary>Compressor's extension: compress the messages before generating.</summary>
    public CompressionExtension? Compression { get; init; }

    public int? N { get; init; }

    public string? User { get; init; }

    public JsonElement? Metadata { get; init; }

    public bool? Store { get; init; }

    public float? FrequencyPenalty { get; init; }

    public float? PresencePenalty { get; init; }

    public bool? Logprobs { get; init; }

    public JsonElement? Tools { get; init; }

    public JsonElement? ToolChoice { get; init; }

    public bool? ParallelToolCalls { get; init; }
}
