using System.Net;
using Compressor.Client.Contracts;
using Microsoft.Extensions.DependencyInjection;

namespace Compressor.Client.Tests;

/// <summary>The typed client against the real service: every endpoint, typed failures, cancellation.</summary>
[Collection(ServiceGroup.Name)]
public sealed class CompressorClientTests(ServiceFixture service)
{
    private CompressorClient Client => service.Client;

    [Fact]
    public async Task Compress_then_get_list_and_delete_the_record()
    {
        var text = Texts.Article(30, " " + Guid.NewGuid().ToString("N")[..8]);
        var result = await Client.CompressAsync(new CompressRequest { Text = text, Method = "truncate", Target = CompressionTarget.ToRatio(0.5) });
        Assert.Equal("truncate", result.Method);
        Assert.True(result.CompressedTokens <= result.OriginalTokens / 2 + 1);
        Assert.True(result.BudgetMet);
        Assert.Equal(await Client.CountTokensAsync(text), result.OriginalTokens);

        var record = await Client.GetCompressionAsync(result.Id);
        Assert.Equal(result.Id, record.Id);
        Assert.Equal(text, record.InputText);

        var listed = await PollAsync(() => Client.ListCompressionsAsync(new CompressionQuery(Limit: 200, Method: "truncate")), l => l.Items.Any(i => i.Id == result.Id));
        Assert.True(listed.Total >= 1);

        await Client.DeleteCompressionAsync(result.Id);
        var gone = await Assert.ThrowsAsync<CompressorApiException>(() => Client.GetCompressionAsync(result.Id));
        Assert.Equal(HttpStatusCode.NotFound, gone.Status);
        Assert.Equal("compression_not_found", gone.Code);
        Assert.False(gone.IsTransient);
    }

    [Fact]
    public async Task Tokenize_returns_ids_when_asked()
    {
        var result = await Client.TokenizeAsync(new TokenizeRequest("Hello world", ReturnTokens: true));
        Assert.Equal(result.Count, result.Tokens!.Count);
        Assert.True(result.Count > 0);
        Assert.False(string.IsNullOrEmpty(result.Tokenizer));
    }

    [Fact]
    public async Task Generate_whole_and_streamed_agree()
    {
        var request = new GenerateRequest { Prompt = "Once upon a time", MaxTokens = 6, Seed = 3 };
        var whole = await Client.GenerateAsync(request);
        Assert.InRange(whole.Usage.CompletionTokens, 1, 6);

        var deltas = "";
        GenerateResult? final = null;
        await foreach (var update in Client.GenerateStreamingAsync(request))
        {
            deltas += update.Text;
            final = update.Result ?? final;
        }

        Assert.NotNull(final);
        Assert.Equal(whole.Text, final!.Text);
        Assert.Equal(final.Text, deltas);
    }

    [Fact]
    public async Task Models_and_health()
    {
        var models = await Client.ListModelsAsync();
        Assert.Equal("tiny", models.Default);
        var tiny = Assert.Single(models.Data, m => m.Id == "tiny");
        Assert.Equal("compressor", tiny.OwnedBy);
        Assert.True(tiny.FileSize > 0);

        Assert.Equal("live", (await Client.GetLivenessAsync()).Status);
        Assert.Contains((await Client.GetReadinessAsync()).Status, new[] { "ready", "degraded" });
    }

    [Fact]
    public async Task Bad_input_is_a_400_with_code_and_target()
    {
        var e = await Assert.ThrowsAsync<CompressorApiException>(() =>
            Client.CompressAsync(new CompressRequest { Text = "Some text.", Method = "truncate", Target = CompressionTarget.ToRatio(1.5) }));
        Assert.Equal(HttpStatusCode.BadRequest, e.Status);
        Assert.False(string.IsNullOrEmpty(e.Code));
        Assert.StartsWith("target", e.Target);
        Assert.False(string.IsNullOrEmpty(e.Detail));
        Assert.False(e.IsTransient);
    }

    [Fact]
    public async Task Unknown_model_is_a_404()
    {
        var e = await Assert.ThrowsAsync<CompressorApiException>(() => Client.GenerateAsync(new GenerateRequest { Prompt = "x", Model = "missing-model" }));
        Assert.Equal(HttpStatusCode.NotFound, e.Status);
        Assert.Equal("model", e.Target);
    }

    [Fact]
    public async Task Records_without_a_database_are_a_transient_503_with_retry_after()
    {
        await using var bare = ServiceFixture.StartWithoutDatabase();
        var services = new ServiceCollection().AddCompressorClient(bare.CreateClient().BaseAddress!).BuildServiceProvider();
        var client = services.GetRequiredService<CompressorClient>();

        var e = await Assert.ThrowsAsync<CompressorApiException>(() => client.ListCompressionsAsync());
        Assert.Equal(HttpStatusCode.ServiceUnavailable, e.Status);
        Assert.True(e.IsTransient);
        Assert.NotNull(e.RetryAfter);
        Assert.Equal("database_not_configured", e.Code);
    }

    [Fact]
    public async Task Cancellation_stops_a_stream()
    {
        using var cts = new CancellationTokenSource();
        var seen = 0;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var update in Client.GenerateStreamingAsync(new GenerateRequest { Prompt = "Go on and on", MaxTokens = 2000 }, cts.Token))
            {
                seen++;
                await cts.CancelAsync();
            }
        });
        Assert.Equal(1, seen);
    }

    [Fact]
    public async Task Api_key_is_sent_as_bearer()
    {
        using var http = CompressorClientServiceCollectionExtensions.CreateHttpClient(service.BaseAddress, "secret-key-123");
        Assert.Equal("Bearer secret-key-123", http.DefaultRequestHeaders.Authorization?.ToString());
        var models = await new CompressorClient(http).ListModelsAsync();
        Assert.NotEmpty(models.Data);
    }

    private static async Task<T> PollAsync<T>(Func<Task<T>> read, Func<T, bool> done)
    {
        for (var i = 0; ; i++)
        {
            var value = await read();
            if (done(value) || i == 50)
            {
                return value;
            }

            await Task.Delay(100);
        }
    }
}
