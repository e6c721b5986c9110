using System.Text.Json;

namespace Compressor.Api.Contracts.OpenAi;

/// <summary>A message as OpenAI clients send it: content is a string, an array of text parts, or null.</summary>
public sealed record ChatCompletionMessage
{
    public string? Role { get; init; }

    public JsonElement? Content { get; init; }

    public string? Name { get; init; }

    public string? Refusal { get; init; }

    public JsonElement? ToolCalls { get; init; }

    public string? ToolCallId { get; init; }
}
