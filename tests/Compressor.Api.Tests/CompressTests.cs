using System.Text.Json.Nodes;
using Compressor.Engine.Models;
using Microsoft.Extensions.DependencyInjection;

namespace Compressor.Api.Tests;

public sealed class CompressTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Theory]
    [InlineData("truncate")]
    [InlineData("extract")]
    public async Task Compresses_within_budget_and_records_it(string method)
    {
        var (status, body, _) = await Http.PostAsync(api.Client, "/v1/compress", new
        {
            text = Texts.Article(salt: method),
            method,
            target = new { ratio = 0.3 },
            question = "How tall is the Eiffel Tower?",
            keep = new[] { "Eiffel Tower" },
        });
        Assert.True(status == 200, Http.Problem(body));
        var original = body!["original_tokens"]!.GetValue<int>();
        var compressed = body["compressed_tokens"]!.GetValue<int>();
        Assert.True(compressed <= (int)Math.Floor(original * 0.3), $"{compressed} > 30% of {original}");
        Assert.True(body["budget_met"]!.GetValue<bool>());
        Assert.False(body["cached"]!.GetValue<bool>());
        Assert.Equal("tiny", body["tokenizer"]!.GetValue<string>());
        Assert.Contains("total", body["timings"]!.AsObject().Select(p => p.Key));
        if (method == "extract")
        {
            Assert.Contains("Eiffel Tower", body["text"]!.GetValue<string>(), StringComparison.Ordinal);
            Assert.NotEmpty(body["details"]!["chunks"]!.AsArray());
        }

        var id = body["id"]!.GetValue<string>();
        await WaitForRecordAsync(id);
        var (getStatus, record) = await Http.GetAsync(api.Client, $"/v1/compressions/{id}");
        Assert.Equal(200, getStatus);
        Assert.Equal(method, record!["method"]!.GetValue<string>());
        Assert.Equal(body["text"]!.GetValue<string>(), record["output_text"]!.GetValue<string>());
        Assert.Equal(original, record["original_tokens"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_second_identical_compress_is_a_cache_hit_served_without_the_engine()
    {
        var request = new { text = Texts.Article(salt: " cache"), method = "extract", target = new { tokens = 120 }, question = "Paris?" };
        var first = await Http.PostAsync(api.Client, "/v1/compress", request);
        Assert.Equal(200, first.Status);

        // A second service instance on the same database has loaded nothing: a hit must not load anything.
        await using var second = new ServiceFactory(api.ConnectionString);
        second.Start();
        using var client = second.CreateClient();
        await Http.WaitUntilReadyAsync(client);
        var hit = await Http.PostAsync(client, "/v1/compress", request);
        Assert.Equal(200, hit.Status);
        Assert.True(hit.Body!["cached"]!.GetValue<bool>());
        Assert.Equal(first.Body!["text"]!.GetValue<string>(), hit.Body["text"]!.GetValue<string>());
        Assert.NotEqual(first.Body["id"]!.GetValue<string>(), hit.Body["id"]!.GetValue<string>());
        var registry = second.Services.GetRequiredService<ModelRegistry>();
        Assert.Equal(0, registry.LoadedVocabularies);
        Assert.False(registry.IsLoaded("tiny"));
    }

    [Fact]
    public async Task Identical_concurrent_requests_compute_once()
    {
        var request = new { text = Texts.Article(200, " concurrent"), method = "extract", target = new { ratio = 0.2 } };
        var results = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Http.PostAsync(api.Client, "/v1/compress", request)));
        Assert.All(results, r => Assert.Equal(200, r.Status));
        Assert.Single(results.Select(r => r.Body!["text"]!.GetValue<string>()).Distinct());
        Assert.Equal(6, results.Select(r => r.Body!["id"]!.GetValue<string>()).Distinct().Count());
    }

    [Fact]
    public async Task Summarize_runs_on_the_local_model_and_keeps_required_keywords()
    {
        var (status, body, _) = await Http.PostAsync(api.Client, "/v1/compress", new
        {
            text = Texts.Article(40, " summary"),
            method = "summarize",
            target = new { ratio = 0.4 },
            keep = new[] { "Eiffel Tower", "1889" },
            seed = 3,
        });
        Assert.True(status == 200, Http.Problem(body));
        Assert.True(body!["budget_met"]!.GetValue<bool>(), body.ToJsonString());
        var text = body["text"]!.GetValue<string>();
        Assert.Contains("Eiffel Tower", text, StringComparison.Ordinal);
        Assert.Contains("1889", text, StringComparison.Ordinal);
        Assert.Equal("tiny", body["model"]!.GetValue<string>());
        Assert.StartsWith("sha256:", body["model_fingerprint"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Streaming_compress_reports_progress_then_the_result()
    {
        var response = await api.Client.SendAsync(Http.JsonRequest("/v1/compress", new
        {
            text = Texts.Article(salt: " stream"),
            method = "extract",
            target = new { ratio = 0.5 },
            stream = true,
        }), HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var events = new List<(string Event, JsonNode? Data)>();
        await foreach (var e in Http.ReadEventsAsync(response))
        {
            events.Add(e);
        }

        Assert.Equal("progress", events[0].Event);
        Assert.Equal("done", events[^1].Event);
        Assert.True(events[^1].Data!["compressed_tokens"]!.GetValue<int>() > 0);
    }

    [Fact]
    public async Task History_lists_filters_searches_and_deletes()
    {
        var marker = "zebra" + Guid.NewGuid().ToString("N")[..6];
        var (_, body, _) = await Http.PostAsync(api.Client, "/v1/compress", new { text = Texts.Article(salt: " " + marker), method = "truncate", target = new { ratio = 0.5 } });
        var id = body!["id"]!.GetValue<string>();
        await WaitForRecordAsync(id);

        var (status, list) = await Http.GetAsync(api.Client, $"/v1/compressions?q={marker}&method=truncate&limit=5");
        Assert.Equal(200, status);
        Assert.Equal(id, Assert.Single(list!["items"]!.AsArray())!["id"]!.GetValue<string>());
        Assert.Equal(0, (await Http.GetAsync(api.Client, $"/v1/compressions?q={marker}&method=extract")).Body!["total"]!.GetValue<int>());

        Assert.Equal(System.Net.HttpStatusCode.NoContent, (await api.Client.DeleteAsync($"/v1/compressions/{id}")).StatusCode);
        var (gone, problem) = await Http.GetAsync(api.Client, $"/v1/compressions/{id}");
        Assert.Equal(404, gone);
        Assert.Equal("compression_not_found", problem!["code"]!.GetValue<string>());
        Assert.Equal(400, (await Http.GetAsync(api.Client, "/v1/compressions?limit=0")).Status);
    }

    private async Task WaitForRecordAsync(string id)
    {
        for (var i = 0; i < 100; i++)
        {
            var (status, body) = await Http.GetAsync(api.Client, $"/v1/compressions/{id}");
            if (status == 200 && body?["pending"]?.GetValue<bool>() == false)
            {
                return;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"record {id} was not written");
    }
}
