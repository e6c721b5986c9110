using System.Net;
using System.Text.Json.Nodes;

namespace Compressor.Api.Tests;

public sealed class ServiceTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task Health_reports_live_and_ready()
    {
        Assert.Equal(200, (await Http.GetAsync(api.Client, "/health/live")).Status);
        var (status, body) = await Http.GetAsync(api.Client, "/health/ready");
        Assert.Equal(200, status);
        Assert.Equal("ready", body!["status"]!.GetValue<string>());
        Assert.True(body["database"]!["migrated"]!.GetValue<bool>());
        Assert.True(body["models"]!["default_present"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Models_lists_metadata_in_an_openai_compatible_shape()
    {
        var (status, body) = await Http.GetAsync(api.Client, "/v1/models");
        Assert.Equal(200, status);
        Assert.Equal("list", body!["object"]!.GetValue<string>());
        var tiny = Assert.Single(body["data"]!.AsArray(), m => m!["id"]!.GetValue<string>() == "tiny")!;
        Assert.Equal("llama", tiny["architecture"]!.GetValue<string>());
        Assert.True(tiny["is_default"]!.GetValue<bool>());
        Assert.True(tiny["parameter_count"]!.GetValue<long>() > 0);
    }

    [Fact]
    public async Task Tokenize_counts_in_the_default_model_or_a_bundled_vocabulary()
    {
        var (status, body, _) = await Http.PostAsync(api.Client, "/v1/tokenize", new { text = "Hello world, again.", return_tokens = true });
        Assert.Equal(200, status);
        Assert.Equal("tiny", body!["tokenizer"]!.GetValue<string>());
        Assert.Equal(body["count"]!.GetValue<int>(), body["tokens"]!.AsArray().Count);

        var (qStatus, qwen, _) = await Http.PostAsync(api.Client, "/v1/tokenize", new { text = "Hello world, again.", tokenizer = "vocab:qwen2" });
        Assert.Equal(200, qStatus);
        Assert.Equal(5, qwen!["count"]!.GetValue<int>());
        Assert.Null(qwen["tokens"]);
    }

    [Fact]
    public async Task Generate_answers_and_streams_the_same_text()
    {
        var request = new { messages = new[] { new { role = "user", content = "Tell me a story" } }, max_tokens = 12, seed = 1 };
        var (status, whole, _) = await Http.PostAsync(api.Client, "/v1/generate", request);
        Assert.Equal(200, status);
        Assert.InRange(whole!["usage"]!["completion_tokens"]!.GetValue<int>(), 1, 12);
        Assert.True(whole["timings"]!["prompt_ms"]!.GetValue<double>() > 0);

        var response = await api.Client.SendAsync(Http.JsonRequest("/v1/generate", new { request.messages, request.max_tokens, request.seed, stream = true }),
            HttpCompletionOption.ResponseHeadersRead);
        var text = new System.Text.StringBuilder();
        JsonNode? done = null;
        await foreach (var (name, data) in Http.ReadEventsAsync(response))
        {
            if (name == "delta")
            {
                text.Append(data!["text"]!.GetValue<string>());
            }
            else if (name == "done")
            {
                done = data;
            }
        }

        Assert.Equal(whole["text"]!.GetValue<string>(), text.ToString());
        Assert.Equal(whole["text"]!.GetValue<string>(), done!["text"]!.GetValue<string>());
    }

    [Fact]
    public async Task OpenApi_document_and_browsable_ui_are_served()
    {
        var doc = await api.Client.GetStringAsync("/openapi/v1.json");
        Assert.Contains("/v1/compress", doc, StringComparison.Ordinal);
        var ui = await api.Client.GetAsync("/docs/index.html");
        Assert.Equal(HttpStatusCode.OK, ui.StatusCode);
    }

    [Fact]
    public async Task Api_keys_guard_v1_but_not_health()
    {
        await using var secured = new ServiceFactory(null, new Dictionary<string, string?> { ["Compressor:Api:ApiKeys:0"] = "secret-key-123" });
        secured.Start();
        using var client = secured.CreateClient();
        Assert.Equal(200, (await Http.GetAsync(client, "/health/live")).Status);
        var (status, problem) = await Http.GetAsync(client, "/v1/models");
        Assert.Equal(401, status);
        Assert.Equal("unauthorized", problem!["code"]!.GetValue<string>());
        client.DefaultRequestHeaders.Authorization = new("Bearer", "secret-key-123");
        Assert.Equal(200, (await Http.GetAsync(client, "/v1/models")).Status);
        client.DefaultRequestHeaders.Authorization = new("Bearer", "wrong-key-456");
        Assert.Equal(401, (await Http.GetAsync(client, "/v1/models")).Status);
    }
}
