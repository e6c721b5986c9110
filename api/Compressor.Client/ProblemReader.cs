using System.Net;
using System.Text.Json;

namespace Compressor.Client;

/// <summary>Turns an unsuccessful response (or a streamed "error" event) into a <see cref="CompressorApiException"/>.</summary>
internal static class ProblemReader
{
    public static async Task<CompressorApiException> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        return FromBody(response.StatusCode, body, RetryAfter(response));
    }

    public static CompressorApiException FromBody(HttpStatusCode status, string body, TimeSpan? retryAfter)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            var root = doc.RootElement;
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("error", out var openAi) && openAi.ValueKind == JsonValueKind.Object)
            {
                // The OpenAI-compatible route's shape.
                return new CompressorApiException(status, Text(openAi, "code"), Text(openAi, "type"), Text(openAi, "message"), Text(openAi, "param"), retryAfter);
            }

            if (root.ValueKind == JsonValueKind.Object)
            {
                var streamedStatus = root.TryGetProperty("status", out var s) && s.TryGetInt32(out var n) ? (HttpStatusCode)n : status;
                return new CompressorApiException(streamedStatus, Text(root, "code"), Text(root, "title"), Text(root, "detail"), Text(root, "target"), retryAfter);
            }
        }
        catch (JsonException)
        {
            // Not JSON (a proxy's HTML page): report the status with the start of the body.
        }

        return new CompressorApiException(status, null, status.ToString(), body.Length > 200 ? body[..200] : body, null, retryAfter);
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value.ToString() : null;

    private static TimeSpan? RetryAfter(HttpResponseMessage response) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - DateTimeOffset.UtcNow is var wait && wait > TimeSpan.Zero ? wait : TimeSpan.Zero,
        _ => null,
    };
}
