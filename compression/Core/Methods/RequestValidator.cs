using Compressor.Compression.Errors;
using Compressor.Compression.Pipeline;

namespace Compressor.Compression.Methods;

/// <summary>Checks that apply to every text method; each failure names the offending field.</summary>
public static class RequestValidator
{
    public static void Validate(CompressionRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Text is null && request.Messages is null)
        {
            throw request.Question is null
                ? CompressorException.BadRequest("input_missing", "the request needs text or messages", "text")
                : CompressorException.BadRequest("question_without_text", "a question needs a text (or messages) to compress", "text");
        }

        if (request.Text is not null && request.Messages is not null)
        {
            throw CompressorException.BadRequest("input_ambiguous", "give either text or messages, not both", "messages");
        }

        if (request.Text is not null && string.IsNullOrWhiteSpace(request.Text))
        {
            throw CompressorException.BadRequest("text_empty", "text is empty", "text");
        }

        if (request.Messages is { } messages)
        {
            if (messages.Count == 0)
            {
                throw CompressorException.BadRequest("messages_empty", "messages is empty", "messages");
            }

            for (var i = 0; i < messages.Count; i++)
            {
                if (messages[i] is null || messages[i].Content is null)
                {
                    throw CompressorException.BadRequest("message_invalid", "every message needs content", $"messages[{i}].content");
                }

                if (string.IsNullOrWhiteSpace(messages[i].Role))
                {
                    throw CompressorException.BadRequest("message_invalid", "every message needs a role", $"messages[{i}].role");
                }
            }
        }

        if (request.Target is null)
        {
            throw CompressorException.BadRequest("target_missing", "target needs ratio or tokens", "target");
        }

        request.Target.Validate();
        for (var i = 0; i < request.Keep.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(request.Keep[i]))
            {
                throw CompressorException.BadRequest("keep_invalid", "keep entries must be non-empty", $"keep[{i}]");
            }
        }
    }

    /// <summary>The method's options record, defaults when null, a bad request when of another type.</summary>
    public static T OptionsOf<T>(CompressionRequest request)
        where T : class, new()
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.Options switch
        {
            null => new T(),
            T typed => typed,
            var other => throw CompressorException.BadRequest("options_invalid", $"options of type {other.GetType().Name} do not apply to method {request.Method}", "options"),
        };
    }
}
