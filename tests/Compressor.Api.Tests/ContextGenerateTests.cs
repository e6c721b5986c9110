using System.Text.Json.Nodes;

namespace Compressor.Api.Tests;

/// <summary>KV eviction over HTTP: /v1/generate with a context, /v1/compress method "attention", state reuse, errors.</summary>
public sealed class ContextGenerateTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private const string Question = "How tall is the Eiffel Tower?";

    private static object Generate(string text, object kvBudget, string eviction = "snapkv", bool? reuse = null) => new
    {
        context = new { text, question = Question, kv_budget = kvBudget, eviction, reuse_state = reuse },
        max_tokens = 6,
        seed = 1,
    };

    [Theory]
    [InlineData("snapkv")]
    [InlineData("h2o")]
    public async Task Generates_over_a_context_read_through_a_bounded_cache(string eviction)
    {
        var (status, body, _) = await Http.PostAsync(api.Client, "/v1/generate", Generate(Texts.Article(90, " " + eviction), new { tokens = 200 }, eviction));
        Assert.True(status == 200, Http.Problem(body));
        var stats = body!["stats"]!;
        var (budget, chunk) = (stats["budget"]!.GetValue<int>(), stats["chunk_tokens"]!.GetValue<int>());
        Assert.Equal(200, budget);
        Assert.True(stats["cells_before"]!.GetValue<int>() > budget + chunk, stats.ToJsonString());
        Assert.InRange(stats["peak_cells"]!.GetValue<int>(), 1, budget + chunk);
        Assert.Equal(budget, stats["cells_after"]!.GetValue<int>());
        Assert.Equal(eviction, stats["policy"]!.GetValue<string>());
        Assert.True(stats["kv_bytes"]!.GetValue<long>() > 0);
        Assert.True(stats["rounds"]!.GetValue<int>() >= 1);
        Assert.False(stats["cache_reused"]!.GetValue<bool>());
        var kept = stats["kept_positions"]!.AsArray().Select(n => n!.GetValue<int>()).ToArray();
        Assert.Equal(kept.Order(), kept);
        Assert.InRange(kept.Length, 1, budget);
        Assert.InRange(body["usage"]!["completion_tokens"]!.GetValue<int>(), 1, 6);
        Assert.Equal("tiny", body["model"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_second_identical_query_agnostic_request_reuses_the_stored_cache()
    {
        var request = Generate(Texts.Article(60, " reuse"), new { ratio = 0.25 }, "streaming");
        var first = await Http.PostAsync(api.Client, "/v1/generate", request);
        Assert.True(first.Status == 200, Http.Problem(first.Body));
        var second = await Http.PostAsync(api.Client, "/v1/generate", request);
        Assert.True(second.Status == 200, Http.Problem(second.Body));

        Assert.False(first.Body!["stats"]!["cache_reused"]!.GetValue<bool>());
        Assert.True(second.Body!["stats"]!["cache_reused"]!.GetValue<bool>());
        Assert.Equal(first.Body["text"]!.GetValue<string>(), second.Body["text"]!.GetValue<string>());
        Assert.Equal(first.Body["stats"]!["kept_positions"]!.ToJsonString(), second.Body["stats"]!["kept_positions"]!.ToJsonString());

        // A query-aware policy is read again unless the caller asks for reuse.
        var snap = await Http.PostAsync(api.Client, "/v1/generate", Generate(Texts.Article(60, " reuse"), new { ratio = 0.25 }));
        Assert.False(snap.Body!["stats"]!["cache_reused"]!.GetValue<bool>());
    }

    [Fact]
    public async Task A_raw_prompt_can_be_the_question()
    {
        var (status, body, _) = await Http.PostAsync(api.Client, "/v1/generate", new
        {
            prompt = "\n\nQuestion: " + Question + "\nAnswer:",
            context = new { text = Texts.Article(40, " prompt"), kv_budget = new { tokens = 128 } },
            max_tokens = 4,
        });
        Assert.True(status == 200, Http.Problem(body));
        Assert.Equal(128, body!["stats"]!["cells_after"]!.GetValue<int>());
    }

    [Fact]
    public async Task Attention_compression_fits_the_budget_and_details_every_token()
    {
        var text = Texts.Article(40, " attention");
        var (status, body, _) = await Http.PostAsync(api.Client, "/v1/compress", new
        {
            text,
            method = "attention",
            target = new { ratio = 0.3 },
            question = Question,
            options = new { policy = "snapkv", window = 16 },
        });
        Assert.True(status == 200, Http.Problem(body));
        var original = body!["original_tokens"]!.GetValue<int>();
        Assert.InRange(body["compressed_tokens"]!.GetValue<int>(), 1, (int)Math.Floor(original * 0.3));
        Assert.True(body["budget_met"]!.GetValue<bool>());
        var details = body["details"]!;
        Assert.Equal("snapkv", details["policy"]!.GetValue<string>());
        Assert.Equal((int)Math.Floor(original * 0.3), details["budget_tokens"]!.GetValue<int>());
        var tokens = details["tokens"]!.AsArray();
        Assert.Equal(original, tokens.Count);
        var kept = tokens.Where(t => t!["kept"]!.GetValue<bool>()).ToList();
        Assert.Equal(details["kept_count"]!.GetValue<int>(), kept.Count);
        Assert.Equal(body["text"]!.GetValue<string>(), string.Concat(kept.Select(t => text[t!["start"]!.GetValue<int>()..t["end"]!.GetValue<int>()])));
        Assert.All(tokens, t => Assert.NotNull(t!["score"]));
    }

    [Fact]
    public async Task Impossible_budgets_and_unknown_policies_are_problems_with_codes_and_targets()
    {
        var text = Texts.Article(40, " errors");
        await ExpectProblem(Generate(text, new { tokens = 3 }), 422, "kv_budget_too_small", "context.kv_budget");
        await ExpectProblem(Generate(text, new { ratio = 1.5 }), 400, "kv_budget_invalid", "context.kv_budget.ratio");
        await ExpectProblem(Generate(text, new { tokens = 1900 }), 413, "kv_budget_exceeds_context", "context.kv_budget");
        await ExpectProblem(Generate(text, new { tokens = 100 }, "lru"), 400, "eviction_policy_unknown", "context.eviction");
        await ExpectProblem(new { context = new { text } }, 400, "kv_budget_missing", "context.kv_budget");
        await ExpectProblem(new { context = new { question = Question, kv_budget = new { tokens = 100 } } }, 400, "context_text_missing", "context.text");
        await ExpectProblem(new { prompt = "Q?", context = new { text, question = Question, kv_budget = new { tokens = 100 } } }, 400, "question_ambiguous", "prompt");
        await ExpectProblem(new { messages = new[] { new { role = "user", content = "Q?" } }, context = new { text, kv_budget = new { tokens = 100 } } },
            400, "context_messages_unsupported", "messages");

        await ExpectProblem(new { text, method = "attention", target = new { ratio = 0.3 }, options = new { policy = "lru" } },
            400, "eviction_policy_unknown", "options.policy", "/v1/compress");
        await ExpectProblem(new { messages = new[] { new { role = "user", content = text } }, method = "attention", target = new { ratio = 0.3 } },
            400, "messages_unsupported", "messages", "/v1/compress");
    }

    private async Task ExpectProblem(object request, int status, string code, string target, string path = "/v1/generate")
    {
        var (actual, body, response) = await Http.PostAsync(api.Client, path, request);
        Assert.True(actual == status, $"{actual}: {Http.Problem(body)}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal((code, target), (body!["code"]!.GetValue<string>(), body["target"]?.GetValue<string>()));
    }
}
