using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Compressor.Client.Tests;

/// <summary>The OpenAI-compatible route on the wire: the SSE framing, the error shape, the compression extension.</summary>
[Collection(ServiceGroup.Name)]
public sealed class ChatCompletionsHttpTests(ServiceFixture service)
{
    private async Task<(HttpStatusCode Status, JsonNode? Body, HttpResponseMessage Response)> PostAsync(string json)
    {
        var response = await service.Http.PostAsync("v1/chat/completions", new StringContent(json, Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 || text.StartsWith("data:", StringComparison.Ordinal) ? null : JsonNode.Parse(text), response);
    }

    [Fact]
    public async Task Content_part_arrays_and_max_tokens_are_accepted()
    {
        var (status, body, _) = await PostAsync("""
            {"model": "tiny", "max_tokens": 5, "temperature": 0, "stop": "\n\n",
             "messages": [{"role": "developer", "content": "Be brief."},
                          {"role": "user", "content": [{"type": "text", "text": "Hello"}, {"type": "text", "text": "there"}]}]}
            """);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("chat.completion", (string?)body!["object"]);
        Assert.Equal("assistant", (string?)body["choices"]![0]!["message"]!["role"]);
        Assert.InRange((int)body["usage"]!["completion_tokens"]!, 1, 5);
        Assert.Equal((int)body["usage"]!["prompt_tokens"]! + (int)body["usage"]!["completion_tokens"]!, (int)body["usage"]!["total_tokens"]!);
    }

    [Fact]
    public async Task Stream_is_chunks_then_done()
    {
        var (status, _, response) = await PostAsync("""{"messages": [{"role": "user", "content": "Hi"}], "max_completion_tokens": 4, "stream": true}""");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var data = (await response.Content.ReadAsStringAsync()).Split('\n')
            .Where(l => l.StartsWith("data:", StringComparison.Ordinal)).Select(l => l[5..].Trim()).ToList();
        Assert.Equal("[DONE]", data[^1]);
        var chunks = data[..^1].Select(d => JsonNode.Parse(d)!).ToList();
        Assert.All(chunks, c => Assert.Equal("chat.completion.chunk", (string?)c["object"]));
        Assert.Single(chunks.Select(c => (string?)c["id"]).Distinct());
        Assert.Equal("assistant", (string?)chunks[0]["choices"]![0]!["delta"]!["role"]);
        Assert.Single(chunks, c => c["choices"]!.AsArray().Count > 0 && c["choices"]![0]!["finish_reason"] is not null);
        Assert.Null(chunks[^1]["usage"]); // no usage chunk unless stream_options.include_usage
    }

    [Theory]
    [InlineData("""{"messages": []}""", 400, "messages", "messages_empty")]
    [InlineData("""{"messages": [{"role": "user", "content": "x"}], "temperature": 3}""", 400, "temperature", "temperature_out_of_range")]
    [InlineData("""{"messages": [{"role": "user", "content": "x"}], "max_completion_tokens": 0}""", 400, "max_completion_tokens", "max_tokens_out_of_range")]
    [InlineData("""{"messages": [{"role": "user", "content": "x"}], "n": 2}""", 400, "n", "unsupported_parameter")]
    [InlineData("""{"messages": [{"role": "tool", "content": "x"}]}""", 400, "messages[0].role", "unsupported_role")]
    [InlineData("""{"messages": [{"role": "user", "content": [{"type": "image_url", "image_url": {"url": "x"}}]}]}""", 400, "messages[0].content[0]", "unsupported_content")]
    [InlineData("""{"messages": [{"role": "user", "content": "x"}], "response_format": {"type": "xml"}}""", 400, "response_format.type", "response_format_invalid")]
    [InlineData("""{"messages": [{"role": "user", "content": "x"}], "bogus": 1}""", 400, "bogus", "invalid_json")]
    [InlineData("""{"messages": [{"role": "user", "content": "x"}""", 400, null, "invalid_json")]
    [InlineData("""{"messages": [{"role": "user", "content": "x"}], "model": "nope"}""", 404, "model", "model_not_found")]
    [InlineData("""{"messages": [{"role": "user", "content": "x"}], "compression": {"method": "truncate", "target": {"ratio": 2}}}""", 400, "compression.target", null)]
    public async Task Failures_use_openai_error_shape(string json, int expected, string? param, string? code)
    {
        var (status, body, _) = await PostAsync(json);
        Assert.Equal(expected, (int)status);
        var error = body!["error"]!;
        Assert.False(string.IsNullOrEmpty((string?)error["message"]));
        Assert.Equal(expected == 404 || expected == 400 ? "invalid_request_error" : "server_error", (string?)error["type"]);
        if (param is not null)
        {
            Assert.StartsWith(param, (string?)error["param"]);
        }

        if (code is not null)
        {
            Assert.Equal(code, (string?)error["code"]);
        }
    }

    [Fact]
    public async Task Compression_extension_shrinks_the_prompt_and_reports_stats()
    {
        var article = Texts.Article(20, " (chat)");
        var request = new JsonObject
        {
            ["max_tokens"] = 3,
            ["temperature"] = 0,
            ["messages"] = new JsonArray(
                new JsonObject { ["role"] = "system", ["content"] = "Answer from the document." },
                new JsonObject { ["role"] = "user", ["content"] = article },
                new JsonObject { ["role"] = "user", ["content"] = "When was the Eiffel Tower completed?" }),
        };
        var (plainStatus, plain, _) = await PostAsync(request.ToJsonString());
        Assert.True(plainStatus == HttpStatusCode.OK, plain?.ToJsonString());
        request["compression"] = new JsonObject { ["method"] = "extract", ["target"] = new JsonObject { ["ratio"] = 0.3 }, ["question"] = "Eiffel Tower" };
        var (status, body, _) = await PostAsync(request.ToJsonString());

        Assert.True(status == HttpStatusCode.OK, body?.ToJsonString());
        var stats = body!["compression"]!;
        Assert.Equal("extract", (string?)stats["method"]);
        Assert.True((int)stats["compressed_tokens"]! < (int)stats["original_tokens"]!);
        Assert.True(Guid.TryParse((string?)stats["id"], out _));
        Assert.True((int)body["usage"]!["prompt_tokens"]! < (int)plain!["usage"]!["prompt_tokens"]!,
            $"{body["usage"]} vs uncompressed {plain["usage"]}");
    }

    [Fact]
    public async Task Streamed_compression_stats_ride_on_the_first_chunk()
    {
        var request = new JsonObject
        {
            ["max_tokens"] = 2,
            ["stream"] = true,
            ["stream_options"] = new JsonObject { ["include_usage"] = true },
            ["messages"] = new JsonArray(
                new JsonObject { ["role"] = "user", ["content"] = Texts.Article(20, " (stream)") },
                new JsonObject { ["role"] = "user", ["content"] = "Summarize." }),
            ["compression"] = new JsonObject { ["method"] = "truncate", ["target"] = new JsonObject { ["tokens"] = 60 } },
        };
        var response = await service.Http.PostAsync("v1/chat/completions", new StringContent(request.ToJsonString(), Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        var chunks = text.Split('\n').Where(l => l.StartsWith("data: {", StringComparison.Ordinal)).Select(l => JsonNode.Parse(l[6..])!).ToList();
        Assert.Equal("truncate", (string?)chunks[0]["compression"]!["method"]);
        Assert.Empty(chunks[^1]["choices"]!.AsArray());
        Assert.True((int)chunks[^1]["usage"]!["prompt_tokens"]! > 0);
    }

    [Fact]
    public async Task Models_entries_are_openai_model_objects_with_metadata_kept()
    {
        using var doc = JsonDocument.Parse(await service.Http.GetStringAsync("v1/models"));
        Assert.Equal("list", doc.RootElement.GetProperty("object").GetString());
        var tiny = doc.RootElement.GetProperty("data").EnumerateArray().Single(m => m.GetProperty("id").GetString() == "tiny");
        Assert.Equal("model", tiny.GetProperty("object").GetString());
        Assert.Equal("compressor", tiny.GetProperty("owned_by").GetString());
        Assert.True(tiny.GetProperty("created").GetInt64() > 0);
        Assert.Equal("tiny.gguf", tiny.GetProperty("file").GetString());
        Assert.True(tiny.GetProperty("is_default").GetBoolean());
    }

    [Fact]
    public async Task Openapi_document_describes_the_route()
    {
        using var doc = JsonDocument.Parse(await service.Http.GetStringAsync("openapi/v1.json"));
        var post = doc.RootElement.GetProperty("paths").GetProperty("/v1/chat/completions").GetProperty("post");
        Assert.True(post.GetProperty("requestBody").GetProperty("content").TryGetProperty("application/json", out _));
        Assert.True(post.GetProperty("responses").TryGetProperty("400", out _));
    }
}
