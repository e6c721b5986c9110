using Compressor.Api.Contracts;
using Compressor.Compression.Errors;

namespace Compressor.Api.Endpoints;

/// <summary>Checks a generate request field by field; each failure names its field.</summary>
public static class GenerateValidator
{
    public static void Validate(GenerateRequest request, int maxTokensLimit)
    {
        ArgumentNullException.ThrowIfNull(request);
        var needsPrompt = request.Context is null && request.Latents is null;
        if (request.Prompt is not null && request.Messages is not null || needsPrompt && request.Prompt is null && request.Messages is null)
        {
            throw CompressorException.BadRequest("prompt_or_messages", "give exactly one of prompt or messages", request.Prompt is null ? "prompt" : "messages");
        }

        if (request.Messages is { } messages)
        {
            if (messages.Count == 0)
            {
                throw CompressorException.BadRequest("messages_empty", "messages must hold at least one message", "messages");
            }

            for (var i = 0; i < messages.Count; i++)
            {
                if (messages[i] is null || string.IsNullOrWhiteSpace(messages[i].Role) || messages[i].Content is null)
                {
                    throw CompressorException.BadRequest("message_invalid", "each message needs a role and content", $"messages[{i}]");
                }
            }
        }

        if (request.MaxTokens < 1 || request.MaxTokens > maxTokensLimit)
        {
            throw CompressorException.BadRequest("max_tokens_out_of_range", $"max_tokens must be between 1 and {maxTokensLimit}, got {request.MaxTokens}", "max_tokens");
        }

        if (!float.IsFinite(request.Temperature) || request.Temperature < 0 || request.Temperature > 5)
        {
            throw CompressorException.BadRequest("temperature_out_of_range", $"temperature must be between 0 and 5, got {request.Temperature}", "temperature");
        }

        if (!float.IsFinite(request.TopP) || request.TopP <= 0 || request.TopP > 1)
        {
            throw CompressorException.BadRequest("top_p_out_of_range", $"top_p must be in (0, 1], got {request.TopP}", "top_p");
        }

        if (request.Stop is { } stop && (stop.Count > 16 || stop.Any(s => string.IsNullOrEmpty(s) || s.Length > 256)))
        {
            throw CompressorException.BadRequest("stop_invalid", "stop holds at most 16 non-empty strings of at most 256 characters", "stop");
        }
    }
}
