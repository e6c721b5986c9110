using Compressor.Testing.Postgres;
using Microsoft.Extensions.Options;

namespace Compressor.Api.Tests;

/// <summary>Overload, cancellation, the database going away and coming back, a model file deleted, bad settings.</summary>
public sealed class FaultTests
{
    [Fact]
    public async Task Load_beyond_the_queue_gets_503_with_retry_after_and_cancelling_frees_the_context()
    {
        await using var factory = new ServiceFactory(null, new Dictionary<string, string?>
        {
            ["Compressor:Engine:ContextsPerModel"] = "1",
            ["Compressor:Engine:QueueLimit"] = "0",
        });
        factory.Start();
        using var client = factory.CreateClient();

        using var cts = new CancellationTokenSource();
        var streaming = await client.SendAsync(Http.JsonRequest("/v1/generate", new { prompt = "Keep going", max_tokens = 4000, stream = true }),
            HttpCompletionOption.ResponseHeadersRead, cts.Token);
        await using var events = Http.ReadEventsAsync(streaming).GetAsyncEnumerator(cts.Token);
        Assert.True(await events.MoveNextAsync());
        Assert.Equal("delta", events.Current.Event);

        var (status, problem, response) = await Http.PostAsync(client, "/v1/generate", new { prompt = "me too", max_tokens = 2 });
        Assert.Equal(503, status);
        Assert.Equal("overloaded", problem!["code"]!.GetValue<string>());
        Assert.True(response.Headers.RetryAfter?.Delta?.TotalSeconds >= 1);

        // Closing the stream cancels the request; its context comes back for the next caller.
        await cts.CancelAsync();
        streaming.Dispose();
        var retried = 0;
        while (true)
        {
            var (again, _, _) = await Http.PostAsync(client, "/v1/generate", new { prompt = "now", max_tokens = 2 });
            if (again == 200)
            {
                break;
            }

            Assert.Equal(503, again);
            Assert.True(++retried < 100, "the cancelled generation never released its context");
            await Task.Delay(50);
        }
    }

    [Fact]
    public async Task Postgres_going_away_degrades_and_recovers_without_losing_records()
    {
        await using var cluster = await TestPostgresCluster.StartNewAsync();
        var connection = await cluster.CreateDatabaseAsync();
        await using var factory = new ServiceFactory(connection);
        factory.Start();
        using var client = factory.CreateClient();
        await Http.WaitUntilReadyAsync(client);

        var request = new { text = Texts.Article(salt: " outage"), method = "extract", target = new { ratio = 0.3 } };
        Assert.Equal(200, (await Http.PostAsync(client, "/v1/compress", request)).Status);

        await cluster.StopAsync();
        var (status, during, _) = await Http.PostAsync(client, "/v1/compress", request);
        Assert.Equal(200, status);
        Assert.False(during!["cached"]!.GetValue<bool>());
        var outageId = during["id"]!.GetValue<string>();
        var (_, ready) = await Http.GetAsync(client, "/health/ready");
        Assert.Equal("degraded", ready!["status"]!.GetValue<string>());
        Assert.Equal(503, (await Http.GetAsync(client, "/v1/compressions")).Status);
        var (pendingStatus, pending) = await Http.GetAsync(client, $"/v1/compressions/{outageId}");
        Assert.Equal(200, pendingStatus);
        Assert.True(pending!["pending"]!.GetValue<bool>());

        await cluster.StartAsync();
        await Http.WaitUntilReadyAsync(client);
        for (var i = 0; ; i++)
        {
            var (s, record) = await Http.GetAsync(client, $"/v1/compressions/{outageId}");
            if (s == 200 && record!["pending"]!.GetValue<bool>() == false)
            {
                break;
            }

            Assert.True(i < 200, "the record taken during the outage was never written");
            await Task.Delay(50);
        }

        var (_, hit, _) = await Http.PostAsync(client, "/v1/compress", request);
        Assert.True(hit!["cached"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Without_a_database_compression_works_uncached_and_ready_is_degraded()
    {
        await using var factory = new ServiceFactory(null);
        factory.Start();
        using var client = factory.CreateClient();
        var request = new { text = Texts.Article(), method = "truncate", target = new { ratio = 0.5 } };
        for (var i = 0; i < 2; i++)
        {
            var (status, body, _) = await Http.PostAsync(client, "/v1/compress", request);
            Assert.Equal(200, status);
            Assert.False(body!["cached"]!.GetValue<bool>());
        }

        var (_, ready) = await Http.GetAsync(client, "/health/ready");
        Assert.Equal("degraded", ready!["status"]!.GetValue<string>());
        Assert.Equal("not_configured", ready["database"]!["status"]!.GetValue<string>());
        Assert.Equal(503, (await Http.GetAsync(client, "/v1/compressions")).Status);
    }

    [Fact]
    public async Task Without_any_model_model_free_methods_work_and_model_requests_say_how_to_fix_it()
    {
        var empty = Directory.CreateTempSubdirectory("compressor-empty-models-").FullName;
        await using var factory = new ServiceFactory(null, new Dictionary<string, string?> { ["Compressor:Models:Default"] = "qwen-missing" }, empty);
        factory.Start();
        using var client = factory.CreateClient();
        var (status, body, _) = await Http.PostAsync(client, "/v1/compress", new { text = Texts.Article(), method = "extract", target = new { ratio = 0.5 } });
        Assert.True(status == 200, Http.Problem(body));
        Assert.Equal("vocab:qwen2", body!["tokenizer"]!.GetValue<string>());

        var (genStatus, problem, response) = await Http.PostAsync(client, "/v1/generate", new { prompt = "hi" });
        Assert.Equal(503, genStatus);
        Assert.Equal("model_unavailable", problem!["code"]!.GetValue<string>());
        Assert.Contains("Compressor__Models__Default", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.NotNull(response.Headers.RetryAfter);
    }

    [Fact]
    public async Task A_model_file_deleted_while_running_gives_no_500()
    {
        await using var factory = new ServiceFactory(null);
        factory.Start();
        using var client = factory.CreateClient();
        Assert.Equal(200, (await Http.PostAsync(client, "/v1/generate", new { prompt = "load it", max_tokens = 2 })).Status);

        File.Delete(Path.Combine(factory.ModelsDirectory, "tiny.gguf"));
        var (status, _, _) = await Http.PostAsync(client, "/v1/generate", new { prompt = "still here?", max_tokens = 2 });
        Assert.Equal(200, status);
        var (_, models) = await Http.GetAsync(client, "/v1/models");
        Assert.Empty(models!["data"]!.AsArray());
        var (compress, problem, _) = await Http.PostAsync(client, "/v1/compress", new { text = Texts.Article(), method = "summarize", target = new { ratio = 0.5 } });
        Assert.InRange(compress, 400, 503);
        Assert.NotEqual(500, compress);
        Assert.NotNull(problem!["code"]);
    }

    [Theory]
    [InlineData("Compressor:Engine:Backend", "tpu")]
    [InlineData("Compressor:Engine:ContextsPerModel", "0")]
    [InlineData("Compressor:Api:MaxTextChars", "0")]
    public void Invalid_settings_fail_at_start_naming_the_setting(string key, string value)
    {
        // A host that fails at start sometimes surfaces a disposal error from a hosted service
        // instead of the validation error; the validation error must show up within a few starts.
        var seen = new List<string>();
        for (var attempt = 0; attempt < 5; attempt++)
        {
            using var factory = new ServiceFactory(null, new Dictionary<string, string?> { [key] = value });
            var e = Assert.ThrowsAny<Exception>(() => factory.Start());
            var validation = Flatten(e).OfType<OptionsValidationException>().FirstOrDefault();
            if (validation is not null)
            {
                Assert.Contains(key, validation.Message, StringComparison.Ordinal);
                return;
            }

            seen.Add(e.GetType().Name);
        }

        Assert.Fail($"no OptionsValidationException naming {key}; saw {string.Join(", ", seen)}");
    }

    private static IEnumerable<Exception> Flatten(Exception e)
    {
        yield return e;
        var inner = e is AggregateException a ? a.InnerExceptions : e.InnerException is null ? [] : [e.InnerException];
        foreach (var x in inner.SelectMany(Flatten))
        {
            yield return x;
        }
    }
}
