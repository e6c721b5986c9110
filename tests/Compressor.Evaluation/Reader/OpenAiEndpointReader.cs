using System.Net.Http.Json;
using System.Text.Json;

namespace Compressor.Evaluation.Reader;

/// <summary>
/// A reader over any OpenAI-compatible chat completions endpoint (llama-server, vLLM, OpenAI):
/// POST {base}/chat/completions, greedy. The key, if any, comes from OPENAI_API_KEY.
/// </summary>
internal sealed class OpenAiEndpointReader : IReader, IDisposable
{
    private readonly HttpClient http;
    private readonly Uri url;
    private readonly string model;

    public OpenAiEndpointReader(string endpoint, string model)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        var trimmed = endpoint.TrimEnd('/');
        url = new Uri(trimmed.EndsWith("/chat/completions", StringComparison.Ordinal) ? trimmed : trimmed + "/chat/completions");
        this.model = model;
        http = new HttpClient { Timeout = TimeSpan.FromMinutes(5) };
        if (Environment.GetEnvironmentVariable("OPENAI_API_KEY") is { Length: > 0 } key)
        {
            http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
        }
    }

    public string Name => model + "@" + url.Host;

    public async Task<string> CompleteAsync(string prompt, int maxTokens, CancellationToken cancellationToken)
    {
        var body = new
        {
            model,
            messages = new[] { new { role = "user", content = prompt } },
            max_tokens = maxTokens,
            temperature = 0,
        };
        using var response = await http.PostAsJsonAsync(url, body, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"reader endpoint {url} answered {(int)response.StatusCode}: {text[..Math.Min(300, text.Length)]}");
        }

        using var doc = JsonDocument.Parse(text);
        return doc.RootElement.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString() ?? "";
    }

    public void Dispose() => http.Dispose();
}
