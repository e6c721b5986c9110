using System.Net;
using System.Net.Http.Json;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Compressor.Client.Contracts;

namespace Compressor.Client;

/// <summary>
/// A typed client for every Compressor endpoint. Failures become <see cref="CompressorApiException"/>
/// (status, code, target, detail, transient flag with Retry-After); cancellation is honoured end to
/// end, including mid-stream. The <see cref="HttpClient"/> is not owned: its lifetime is the caller's.
/// </summary>
public sealed class CompressorClient
{
    private readonly HttpClient http;
    private readonly Uri root;

    /// <param name="http">A client whose <see cref="HttpClient.BaseAddress"/> is the service (e.g. http://localhost:5000) and which carries any API key.</param>
    public CompressorClient(HttpClient http)
    {
        ArgumentNullException.ThrowIfNull(http);
        var baseAddress = http.BaseAddress ?? throw new ArgumentException("the HttpClient needs a BaseAddress (the service's address)", nameof(http));
        this.http = http;
        root = baseAddress.AbsoluteUri.EndsWith('/') ? baseAddress : new Uri(baseAddress.AbsoluteUri + "/");
    }

    public Task<CompressResult> CompressAsync(CompressRequest request, CancellationToken cancellationToken = default) =>
        PostAsync<CompressRequest, CompressResult>("v1/compress", request, cancellationToken);

    public Task<TokenizeResult> TokenizeAsync(TokenizeRequest request, CancellationToken cancellationToken = default) =>
        PostAsync<TokenizeRequest, TokenizeResult>("v1/tokenize", request, cancellationToken);

    /// <summary>Counts tokens in a model's vocabulary (default: the service's default model).</summary>
    public async Task<int> CountTokensAsync(string text, string? model = null, CancellationToken cancellationToken = default) =>
        (await TokenizeAsync(new TokenizeRequest(text, model), cancellationToken).ConfigureAwait(false)).Count;

    public Task<GenerateResult> GenerateAsync(GenerateRequest request, CancellationToken cancellationToken = default) =>
        PostAsync<GenerateRequest, GenerateResult>("v1/generate", request, cancellationToken);

    /// <summary>Streams a generation: text deltas as they are decoded, then one update carrying the whole result.</summary>
    public async IAsyncEnumerable<GenerateUpdate> GenerateStreamingAsync(GenerateRequest request,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var body = JsonSerializer.SerializeToNode(request, CompressorClientJson.Options)!.AsObject();
        body["stream"] = true;
        using var message = new HttpRequestMessage(HttpMethod.Post, new Uri(root, "v1/generate")) { Content = JsonContent.Create(body) };
        message.Headers.Accept.ParseAdd("text/event-stream");
        using var response = await SendAsync(message, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await foreach (var item in SseParser.Create(stream).EnumerateAsync(cancellationToken).ConfigureAwait(false))
        {
            // Events already buffered would otherwise still be delivered after cancellation.
            cancellationToken.ThrowIfCancellationRequested();
            switch (item.EventType)
            {
                case "delta":
                    var delta = JsonSerializer.Deserialize<JsonElement>(item.Data, CompressorClientJson.Options);
                    yield return new GenerateUpdate(delta.TryGetProperty("text", out var t) ? t.GetString() : "", null);
                    break;
                case "done":
                    yield return new GenerateUpdate(null, JsonSerializer.Deserialize<GenerateResult>(item.Data, CompressorClientJson.Options));
                    yield break;
                case "error":
                    throw ProblemReader.FromBody(HttpStatusCode.ServiceUnavailable, item.Data, null);
            }
        }
    }

    public Task<ModelList> ListModelsAsync(CancellationToken cancellationToken = default) =>
        GetAsync<ModelList>("v1/models", cancellationToken);

    public Task<CompressionList> ListCompressionsAsync(CompressionQuery? query = null, CancellationToken cancellationToken = default)
    {
        var parameters = new List<string>();
        Add(parameters, "limit", query?.Limit?.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Add(parameters, "offset", query?.Offset?.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Add(parameters, "method", query?.Method);
        Add(parameters, "model", query?.Model);
        Add(parameters, "q", query?.Q);
        return GetAsync<CompressionList>(parameters.Count == 0 ? "v1/compressions" : "v1/compressions?" + string.Join('&', parameters), cancellationToken);
    }

    public Task<CompressionRecord> GetCompressionAsync(Guid id, CancellationToken cancellationToken = default) =>
        GetAsync<CompressionRecord>($"v1/compressions/{id}", cancellationToken);

    public async Task DeleteCompressionAsync(Guid id, CancellationToken cancellationToken = default)
    {
        using var message = new HttpRequestMessage(HttpMethod.Delete, new Uri(root, $"v1/compressions/{id}"));
        using var response = await SendAsync(message, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>GET /health/live.</summary>
    public Task<HealthReport> GetLivenessAsync(CancellationToken cancellationToken = default) => HealthAsync("health/live", cancellationToken);

    /// <summary>GET /health/ready: "ready", "degraded" or "down" (a 503 with a report is an answer here, not an exception).</summary>
    public Task<HealthReport> GetReadinessAsync(CancellationToken cancellationToken = default) => HealthAsync("health/ready", cancellationToken);

    private async Task<HealthReport> HealthAsync(string path, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync(new Uri(root, path), cancellationToken).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        JsonElement report;
        try
        {
            report = JsonSerializer.Deserialize<JsonElement>(text);
        }
        catch (JsonException)
        {
            throw ProblemReader.FromBody(response.StatusCode, text, response.Headers.RetryAfter?.Delta);
        }

        if (report.ValueKind != JsonValueKind.Object || !report.TryGetProperty("status", out var status) || status.ValueKind != JsonValueKind.String)
        {
            throw ProblemReader.FromBody(response.StatusCode, text, response.Headers.RetryAfter?.Delta);
        }

        return new HealthReport(status.GetString()!, report);
    }

    private async Task<TResponse> PostAsync<TRequest, TResponse>(string path, TRequest body, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        using var message = new HttpRequestMessage(HttpMethod.Post, new Uri(root, path))
        {
            Content = JsonContent.Create(body, options: CompressorClientJson.Options),
        };
        return await ReadAsync<TResponse>(message, cancellationToken).ConfigureAwait(false);
    }

    private async Task<T> GetAsync<T>(string path, CancellationToken cancellationToken)
    {
        using var message = new HttpRequestMessage(HttpMethod.Get, new Uri(root, path));
        return await ReadAsync<T>(message, cancellationToken).ConfigureAwait(false);
    }

    private async Task<T> ReadAsync<T>(HttpRequestMessage message, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(message, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        return await response.Content.ReadFromJsonAsync<T>(CompressorClientJson.Options, cancellationToken).ConfigureAwait(false)
            ?? throw new CompressorApiException(response.StatusCode, "empty_response", null, "the service answered with an empty body", null, null);
    }

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage message, HttpCompletionOption completion, CancellationToken cancellationToken)
    {
        var response = await http.SendAsync(message, completion, cancellationToken).ConfigureAwait(false);
        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            throw await ProblemReader.ReadAsync(response, cancellationToken).ConfigureAwait(false);
        }
    }

    private static void Add(List<string> parameters, string name, string? value)
    {
        if (value is not null)
        {
            parameters.Add(name + "=" + Uri.EscapeDataString(value));
        }
    }
}
