using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Compressor.Api.Contracts;
using Compressor.Api.Contracts.OpenAi;
using Compressor.Compression.Errors;

namespace Compressor.Api.Endpoints;

/// <summary>
/// Turns an OpenAI chat completion request into a checked <see cref="ChatCompletionPlan"/>. What
/// Compressor cannot honour (tools, several choices, logprobs, penalties, images) is refused by
/// name rather than silently ignored.
/// </summary>
public static class ChatCompletionsTranslator
{
    /// <summary>max_tokens when the request names none (OpenAI's "until the context is full" is too open-ended for a local model).</summary>
    public const int DefaultMaxTokens = 512;

    public static ChatCompletionPlan Translate(ChatCompletionRequest request, int maxTokensLimit)
    {
        ArgumentNullException.ThrowIfNull(request);
        RefuseUnsupported(request);
        var messages = Messages(request.Messages);
        var generate = new GenerateRequest
        {
            Messages = messages,
            Model = request.Model,
            MaxTokens = request.MaxCompletionTokens ?? request.MaxTokens ?? Math.Min(DefaultMaxTokens, maxTokensLimit),
            Temperature = request.Temperature ?? 1f,
            TopP = request.TopP ?? 1f,
            Seed = request.Seed is { } seed ? (int)(seed ^ (seed >> 32)) : null,
            Stop = Stop(request.Stop),
            Stream = request.Stream ?? false,
        };

        var maxTarget = request.MaxCompletionTokens is null && request.MaxTokens is not null ? "max_tokens" : "max_completion_tokens";
        try
        {
            GenerateValidator.Validate(generate, maxTokensLimit);
        }
        catch (CompressorException e) when (e.Target == "max_tokens")
        {
            throw CompressorException.BadRequest(e.Code, e.Message.Replace("max_tokens", maxTarget, StringComparison.Ordinal), maxTarget);
        }

        if (request.Temperature is > 2)
        {
            throw CompressorException.BadRequest("temperature_out_of_range", $"temperature must be between 0 and 2, got {request.Temperature}", "temperature");
        }

        return new ChatCompletionPlan(generate, Schema(request.ResponseFormat), request.StreamOptions?.IncludeUsage ?? false, request.Compression);
    }

    private static void RefuseUnsupported(ChatCompletionRequest request)
    {
        if (request.N is { } n && n != 1)
        {
            throw CompressorException.BadRequest("unsupported_parameter", "only n = 1 is supported", "n");
        }

        if (request.Tools is { ValueKind: JsonValueKind.Array } tools && tools.GetArrayLength() > 0 || request.ToolChoice is { ValueKind: not JsonValueKind.Null } choice && choice.ToString() != "none")
        {
            throw CompressorException.BadRequest("unsupported_parameter", "tools and tool_choice are not supported", request.Tools is null ? "tool_choice" : "tools");
        }

        if (request.Logprobs == true)
        {
            throw CompressorException.BadRequest("unsupported_parameter", "logprobs are not supported", "logprobs");
        }

        if (request.FrequencyPenalty is { } f && f != 0 || request.PresencePenalty is { } p && p != 0)
        {
            throw CompressorException.BadRequest("unsupported_parameter", "frequency_penalty and presence_penalty are not supported (leave them out or 0)",
                request.FrequencyPenalty is { } fp && fp != 0 ? "frequency_penalty" : "presence_penalty");
        }
    }

    private static List<ChatMessageDto> Messages(IReadOnlyList<ChatCompletionMessage>? messages)
    {
        if (messages is null || messages.Count == 0)
        {
            throw CompressorException.BadRequest("messages_empty", "messages must hold at least one message", "messages");
        }

        var result = new List<ChatMessageDto>(messages.Count);
        for (var i = 0; i < messages.Count; i++)
        {
            var m = messages[i] ?? throw CompressorException.BadRequest("message_invalid", "a message cannot be null", $"messages[{i}]");
            var role = m.Role switch
            {
                "system" or "developer" => "system",
                "user" or "assistant" => m.Role,
                null => throw CompressorException.BadRequest("message_invalid", "each message needs a role", $"messages[{i}].role"),
                _ => throw CompressorException.BadRequest("unsupported_role",
                    $"role '{m.Role}' is not supported; use system, developer, user or assistant", $"messages[{i}].role"),
            };
            if (m.ToolCalls is { ValueKind: JsonValueKind.Array } calls && calls.GetArrayLength() > 0)
            {
                throw CompressorException.BadRequest("unsupported_parameter", "tool calls are not supported", $"messages[{i}].tool_calls");
            }

            result.Add(new ChatMessageDto(role, Content(m.Content, role, i)));
        }

        return result;
    }

    /// <summary>A string, or the text parts of an array joined by newlines; null only for an assistant turn.</summary>
    private static string Content(JsonElement? content, string role, int index)
    {
        switch (content)
        {
            case { ValueKind: JsonValueKind.String } s:
                return s.GetString()!;
            case null or { ValueKind: JsonValueKind.Null } when role == "assistant":
                return "";
            case { ValueKind: JsonValueKind.Array } parts:
                var text = new StringBuilder();
                var j = 0;
                foreach (var part in parts.EnumerateArray())
                {
                    var type = part.ValueKind == JsonValueKind.Object && part.TryGetProperty("type", out var t) ? t.GetString() : null;
                    if (type != "text" || !part.TryGetProperty("text", out var value) || value.ValueKind != JsonValueKind.String)
                    {
                        throw CompressorException.BadRequest("unsupported_content",
                            $"content parts must be {{\"type\": \"text\", \"text\": \"...\"}}; '{type ?? part.ValueKind.ToString()}' is not supported",
                            $"messages[{index}].content[{j}]");
                    }

                    text.Append(text.Length > 0 ? "\n" : "").Append(value.GetString());
                    j++;
                }

                return text.ToString();
            default:
                throw CompressorException.BadRequest("message_invalid", "content must be a string or an array of text parts", $"messages[{index}].content");
        }
    }

    private static List<string>? Stop(JsonElement? stop) => stop switch
    {
        null or { ValueKind: JsonValueKind.Null } => null,
        { ValueKind: JsonValueKind.String } s => [s.GetString()!],
        { ValueKind: JsonValueKind.Array } a when a.EnumerateArray().All(e => e.ValueKind == JsonValueKind.String) =>
            [.. a.EnumerateArray().Select(e => e.GetString()!)],
        _ => throw CompressorException.BadRequest("stop_invalid", "stop must be a string or an array of strings", "stop"),
    };

    private static JsonNode? Schema(ResponseFormat? format)
    {
        switch (format?.Type)
        {
            case null or "text":
                return null;
            case "json_object":
                return new JsonObject { ["type"] = "object" };
            case "json_schema":
                if (format.JsonSchema?.Schema is not { ValueKind: JsonValueKind.Object } schema)
                {
                    throw CompressorException.BadRequest("response_format_invalid", "response_format.json_schema.schema must be a JSON Schema object",
                        "response_format.json_schema.schema");
                }

                return JsonNode.Parse(schema.GetRawText());
            default:
                throw CompressorException.BadRequest("response_format_invalid",
                    $"response_format.type must be text, json_object or json_schema, not '{format.Type}'", "response_format.type");
        }
    }
}
