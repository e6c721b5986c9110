using System.Text;

namespace Compressor.Api.Tests;

/// <summary>Every bad request gets a problem document naming what was wrong and where; never a 500.</summary>
public sealed class BadInputTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    public static TheoryData<string, int, string, string?> Cases => new()
    {
        { "{bad json", 400, "invalid_json", null },
        { """{"text":"hello there.","method":"extract","target":{"ratio":0.5},"bogus":1}""", 400, "invalid_json", "$.bogus" },
        { """{"method":"extract","target":{"ratio":0.5}}""", 400, "text_or_messages", "text" },
        { """{"text":"","method":"extract","target":{"ratio":0.5}}""", 400, "text_empty", "text" },
        { """{"text":"hello there.","method":"zip","target":{"ratio":0.5}}""", 400, "method_unknown", "method" },
        { """{"text":"hello there.","target":{"ratio":0.5}}""", 400, "method_missing", "method" },
        { """{"text":"hello there.","method":"extract","target":{"ratio":1.5}}""", 400, "ratio_out_of_range", "target.ratio" },
        { """{"text":"hello there.","method":"extract","target":{"ratio":0}}""", 400, "ratio_out_of_range", "target.ratio" },
        { """{"text":"hello there.","method":"extract","target":{"tokens":-5}}""", 400, "tokens_out_of_range", "target.tokens" },
        { """{"text":"hello there.","method":"extract","target":{"tokens":99999999999}}""", 400, "invalid_json", "$.target.tokens" },
        { """{"text":"hello there.","method":"extract","target":{"ratio":0.5,"tokens":3}}""", 400, "target_invalid", "target" },
        { """{"text":"hello there.","method":"extract"}""", 400, "target_missing", "target" },
        { """{"text":"hello there.","method":"summarize","target":{"ratio":0.5},"model":"nope"}""", 404, "model_not_found", "model" },
        { """{"text":"hello there.","method":"extract","target":{"ratio":0.5},"tokenizer":"nope"}""", 404, "tokenizer_not_found", "tokenizer" },
        { """{"text":"hello there.","method":"extract","target":{"ratio":0.5},"options":{"nonsense":true}}""", 400, "options_invalid", null },
        { """{"text":"hello there.","method":"extract","target":{"ratio":0.5},"keep":[""]}""", 400, "keep_invalid", "keep" },
        { """{"question":"why?","method":"extract","target":{"ratio":0.5}}""", 400, "text_or_messages", "text" },
        { """{"text":"One short sentence here. And another one right after it.","method":"extract","target":{"tokens":1}}""", 422, "target_below_one_sentence", "target" },
        { """{"messages":[{"role":"","content":"x"}],"method":"extract","target":{"ratio":0.5}}""", 400, "message_invalid", "messages[0]" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Bad_compress_requests_get_problem_details(string body, int status, string code, string? target)
    {
        var (actual, problem, response) = await Http.PostAsync(api.Client, "/v1/compress", body);
        Assert.True(actual == status, $"expected {status}, got {actual}: {Http.Problem(problem)}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(code, problem!["code"]!.GetValue<string>());
        Assert.Equal(status, problem["status"]!.GetValue<int>());
        Assert.False(string.IsNullOrWhiteSpace(problem["detail"]?.GetValue<string>()));
        if (target is not null)
        {
            Assert.Equal(target, problem["target"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task Invalid_utf8_is_a_clear_400()
    {
        var bytes = Encoding.UTF8.GetBytes("""{"text":"__","method":"extract","target":{"ratio":0.5}}""");
        var at = Array.IndexOf(bytes, (byte)'_');
        bytes[at] = 0xff;
        bytes[at + 1] = 0xfe;
        using var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new("application/json");
        var response = await api.Client.PostAsync("/v1/compress", content);
        Assert.Equal(400, (int)response.StatusCode);
        Assert.Contains("UTF-8", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Text_beyond_the_character_limit_is_413()
    {
        await using var small = new ServiceFactory(null, new Dictionary<string, string?> { ["Compressor:Api:MaxTextChars"] = "1000" });
        small.Start();
        using var client = small.CreateClient();
        var (status, problem, _) = await Http.PostAsync(client, "/v1/compress", new { text = new string('a', 1001), method = "truncate", target = new { ratio = 0.5 } });
        Assert.Equal(413, status);
        Assert.Equal("text_too_large", problem!["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task Body_beyond_the_request_limit_is_413()
    {
        await using var small = new ServiceFactory(null, new Dictionary<string, string?> { ["Compressor:Api:MaxRequestBytes"] = "2048" });
        small.Start();
        using var client = small.CreateClient();
        var (status, problem, _) = await Http.PostAsync(client, "/v1/compress", new { text = new string('a', 5000), method = "truncate", target = new { ratio = 0.5 } });
        Assert.Equal(413, status);

        // Kestrel closes the connection while the client may still be sending: the body can be lost
        // in transit, but when it arrives it is a problem document with our code.
        if (problem is not null)
        {
            Assert.Equal("body_too_large", problem["code"]!.GetValue<string>());
        }
    }

    [Theory]
    [InlineData("""{"max_tokens":5}""", "prompt_or_messages")]
    [InlineData("""{"prompt":"a","messages":[{"role":"user","content":"b"}]}""", "prompt_or_messages")]
    [InlineData("""{"prompt":"a","max_tokens":0}""", "max_tokens_out_of_range")]
    [InlineData("""{"prompt":"a","temperature":-1}""", "temperature_out_of_range")]
    [InlineData("""{"prompt":"a","top_p":0}""", "top_p_out_of_range")]
    [InlineData("""{"prompt":"a","model":"ghost"}""", "model_not_found")]
    [InlineData("""{"prompt":"a","stop":[""]}""", "stop_invalid")]
    public async Task Bad_generate_requests_get_problem_details(string body, string code)
    {
        var (status, problem, _) = await Http.PostAsync(api.Client, "/v1/generate", body);
        Assert.InRange(status, 400, 499);
        Assert.Equal(code, problem!["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task Unknown_routes_and_empty_bodies_are_problems_not_500s()
    {
        Assert.Equal(404, (await Http.GetAsync(api.Client, "/v1/nothing-here")).Status);
        var (status, problem, _) = await Http.PostAsync(api.Client, "/v1/tokenize", "");
        Assert.Equal(400, status);
        Assert.NotNull(problem!["detail"]);
    }
}
