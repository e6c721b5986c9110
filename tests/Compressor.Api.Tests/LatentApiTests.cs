using System.Text.Json.Nodes;
using Compressor.Api.Hosting;
using Compressor.Engine.Latent;
using Microsoft.Extensions.DependencyInjection;

namespace Compressor.Api.Tests;

/// <summary>Method "latent" over HTTP: compress stores latents in Postgres, generate decodes them by id or inline.</summary>
public sealed class LatentApiTests(LatentApiFixture api) : IClassFixture<LatentApiFixture>
{
    private async Task<JsonNode> CompressAsync(bool includeVectors = false)
    {
        var (status, body, _) = await Http.PostAsync(api.Client, "/v1/compress", new
        {
            text = api.Text,
            method = "latent",
            target = new { ratio = 0.25 },
            options = new { include_vectors = includeVectors },
        });
        Assert.True(status == 200, Http.Problem(body));
        return body!;
    }

    [Fact]
    public async Task Compress_stores_latents_and_generate_decodes_the_same_text_by_id_and_inline()
    {
        var body = await CompressAsync(includeVectors: true);
        var details = body["details"]!;
        var latentCount = details["latent_count"]!.GetValue<int>();
        var original = body["original_tokens"]!.GetValue<int>();
        Assert.Equal("latent", body["method"]!.GetValue<string>());
        Assert.Equal("", body["text"]!.GetValue<string>());
        Assert.False(body["cached"]!.GetValue<bool>());
        Assert.Equal(latentCount, body["compressed_tokens"]!.GetValue<int>());
        Assert.Equal(details["blocks"]!.AsArray().Count * LatentApiFixture.Queries, latentCount);
        Assert.Equal((double)original / latentCount, details["ratio"]!.GetValue<double>(), 6);
        Assert.Equal("toy", details["adapter"]!.GetValue<string>());
        Assert.Equal(LatentApiFixture.DecoderHidden, details["hidden_size"]!.GetValue<int>());
        var vectors = details["vectors"]!.GetValue<string>();
        Assert.Equal(latentCount * LatentApiFixture.DecoderHidden, LatentVectors.FromBase64(vectors).Length);

        var byId = await Http.PostAsync(api.Client, "/v1/generate", new { latents = new { id = details["latent_id"]!.GetValue<string>() }, max_tokens = 12 });
        Assert.True(byId.Status == 200, Http.Problem(byId.Body));
        var inline = await Http.PostAsync(api.Client, "/v1/generate", new { latents = new { vectors, count = latentCount, adapter = "toy" }, max_tokens = 12 });
        Assert.True(inline.Status == 200, Http.Problem(inline.Body));

        Assert.Equal(byId.Body!["text"]!.GetValue<string>(), inline.Body!["text"]!.GetValue<string>());
        Assert.Equal("dec", byId.Body["model"]!.GetValue<string>());
        var stats = byId.Body["stats"]!;
        Assert.Equal(latentCount, stats["latent_count"]!.GetValue<int>());
        Assert.Equal(latentCount, stats["latent_positions"]!.GetValue<int>());
        Assert.Equal("toy", stats["adapter"]!.GetValue<string>());
        Assert.Equal(original, stats["text_tokens"]!.GetValue<int>());
        Assert.True(stats["prompt_positions"]!.GetValue<int>() > latentCount);
        Assert.Equal(stats["prompt_positions"]!.GetValue<int>(), byId.Body["usage"]!["prompt_tokens"]!.GetValue<int>());
        Assert.Null(inline.Body["stats"]!["ratio"]);

        // Stored in Postgres as a blob of kind "latents", float16 values plus a small header.
        var blob = await api.Factory.Services.GetRequiredService<StorageServices>().Blobs!.GetAsync("latents", details["latent_id"]!.GetValue<string>());
        Assert.NotNull(blob);
        Assert.Contains("\"adapter\":\"toy\"", blob.MetaJson.Replace(" ", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.InRange(blob.Data.Length, latentCount * LatentApiFixture.DecoderHidden * 2, latentCount * LatentApiFixture.DecoderHidden * 2 + 1024);
    }

    [Fact]
    public async Task A_second_latent_compress_is_not_served_from_the_cache()
    {
        var first = await CompressAsync();
        var second = await CompressAsync();
        Assert.False(second["cached"]!.GetValue<bool>());
        Assert.NotEqual(first["details"]!["latent_id"]!.GetValue<string>(), second["details"]!["latent_id"]!.GetValue<string>());
        Assert.Null(first["details"]!["vectors"]);
    }

    [Fact]
    public async Task An_instruction_streams_as_one_delta_then_done()
    {
        var body = await CompressAsync();
        var id = body["details"]!["latent_id"]!.GetValue<string>();
        using var response = await api.Client.SendAsync(
            Http.JsonRequest("/v1/generate", new { latents = new { id }, prompt = "Summarize: ", max_tokens = 4, stream = true }),
            HttpCompletionOption.ResponseHeadersRead);
        var events = new List<(string Event, JsonNode? Data)>();
        await foreach (var e in Http.ReadEventsAsync(response))
        {
            events.Add(e);
        }

        Assert.Equal(["delta", "done"], events.Select(e => e.Event));
        Assert.Equal(events[0].Data!["text"]!.GetValue<string>(), events[1].Data!["text"]!.GetValue<string>());
        Assert.True(events[1].Data!["usage"]!["completion_tokens"]!.GetValue<int>() <= 4 * (body["details"]!["blocks"]!.AsArray().Count));
    }

    [Theory]
    [InlineData("unknown_id", 404, "latents_not_found")]
    [InlineData("hidden_size", 400, "hidden_size_mismatch")]
    [InlineData("bad_base64", 400, "latents_invalid")]
    [InlineData("partial_vector", 400, "latents_invalid")]
    [InlineData("id_and_vectors", 400, "latents_id_or_vectors")]
    [InlineData("unknown_adapter", 404, "adapter_not_found")]
    [InlineData("other_model", 400, "latents_model_mismatch")]
    [InlineData("with_messages", 400, "latents_combination")]
    public async Task Mismatches_are_problems_naming_what_does_not_fit(string kind, int expectedStatus, string expectedCode)
    {
        var narrow = LatentVectors.ToBase64(new float[LatentApiFixture.Queries * LatentApiFixture.EncoderHidden]);
        object request = kind switch
        {
            "unknown_id" => new { latents = new { id = Guid.NewGuid() } },
            "hidden_size" => new { latents = new { vectors = narrow, count = LatentApiFixture.Queries } },
            "bad_base64" => new { latents = new { vectors = "not base64!" } },
            "partial_vector" => new { latents = new { vectors = LatentVectors.ToBase64(new float[LatentApiFixture.DecoderHidden + 1]) } },
            "id_and_vectors" => new { latents = new { id = Guid.NewGuid(), vectors = narrow } },
            "unknown_adapter" => new { latents = new { vectors = narrow, adapter = "nope" } },
            "other_model" => new { latents = new { vectors = LatentVectors.ToBase64(new float[LatentApiFixture.DecoderHidden]) }, model = "tiny" },
            _ => new { latents = new { vectors = narrow }, messages = new[] { new { role = "user", content = "hi" } } },
        };
        var (status, body, response) = await Http.PostAsync(api.Client, "/v1/generate", request);
        Assert.True(status == expectedStatus, $"{status} {Http.Problem(body)}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(expectedCode, body!["code"]!.GetValue<string>());
        if (kind == "hidden_size")
        {
            Assert.Contains("96", body["detail"]!.GetValue<string>(), StringComparison.Ordinal);
            Assert.Contains("64", body["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Models_list_leaves_out_latent_adapters()
    {
        var (status, body) = await Http.GetAsync(api.Client, "/v1/models");
        Assert.Equal(200, status);
        var ids = body!["data"]!.AsArray().Select(m => m!["id"]!.GetValue<string>()).ToList();
        Assert.Equal(["dec", "tiny"], ids);
    }

    [Fact]
    public async Task Without_a_database_latents_live_in_memory()
    {
        await using var factory = new ServiceFactory(null, modelsDirectory: LatentApiFixture.CreateModelsDirectory());
        factory.Start();
        using var client = factory.CreateClient();
        var (status, body, _) = await Http.PostAsync(client, "/v1/compress", new { text = api.Text, method = "latent", target = new { ratio = 0.25 } });
        Assert.True(status == 200, Http.Problem(body));
        var id = body!["details"]!["latent_id"]!.GetValue<string>();
        var generated = await Http.PostAsync(client, "/v1/generate", new { latents = new { id }, max_tokens = 2 });
        Assert.True(generated.Status == 200, Http.Problem(generated.Body));
        Assert.Equal(id, generated.Body!["stats"]!["latent_id"]!.GetValue<string>());
    }
}
