using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Compressor.Api.Tests;

/// <summary>Small HTTP helpers for the tests: JSON posts, problem reading, SSE parsing.</summary>
internal static class Http
{
    public static async Task<(int Status, JsonNode? Body, HttpResponseMessage Response)> PostAsync(HttpClient client, string path, object body, CancellationToken ct = default)
    {
        var response = await client.PostAsync(path, new StringContent(body is string s ? s : JsonSerializer.Serialize(body), Encoding.UTF8, "application/json"), ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        return ((int)response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text), response);
    }

    public static async Task<(int Status, JsonNode? Body)> GetAsync(HttpClient client, string path)
    {
        var response = await client.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text));
    }

    /// <summary>Waits until migrations are applied (ready or degraded only by a missing model).</summary>
    public static async Task WaitUntilReadyAsync(HttpClient client, string expected = "ok", int seconds = 30)
    {
        var until = DateTime.UtcNow.AddSeconds(seconds);
        while (DateTime.UtcNow < until)
        {
            var (_, body) = await GetAsync(client, "/health/ready");
            if (body?["database"]?["status"]?.GetValue<string>() == expected)
            {
                return;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"database status never became '{expected}'");
    }

    /// <summary>Reads a Server-Sent Events stream into (event, data) pairs.</summary>
    public static async IAsyncEnumerable<(string Event, JsonNode? Data)> ReadEventsAsync(HttpResponseMessage response)
    {
        using var stream = await response.Content.ReadAsStreamAsync();
        using var reader = new StreamReader(stream);
        string? name = null;
        var data = new StringBuilder();
        while (await reader.ReadLineAsync() is { } line)
        {
            if (line.Length == 0)
            {
                if (data.Length > 0)
                {
                    yield return (name ?? "message", JsonNode.Parse(data.ToString()));
                }

                name = null;
                data.Clear();
            }
            else if (line.StartsWith("event:", StringComparison.Ordinal))
            {
                name = line[6..].Trim();
            }
            else if (line.StartsWith("data:", StringComparison.Ordinal))
            {
                data.Append(line[5..].TrimStart());
            }
        }
    }

    public static HttpRequestMessage JsonRequest(string path, object body) =>
        new(HttpMethod.Post, path) { Content = JsonContent.Create(body) };

    public static string Problem(JsonNode? body) => $"{body?["code"]}: {body?["detail"]} @ {body?["target"]}";
}
