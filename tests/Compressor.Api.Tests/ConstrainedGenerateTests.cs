using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Compressor.Api.Tests;

/// <summary>/v1/generate with constraints: valid outputs, stats, streaming, SMC, and clear 400s for bad or hostile constraints.</summary>
public sealed class ConstrainedGenerateTests(ConstrainedGenerateTests.Service service) : IClassFixture<ConstrainedGenerateTests.Service>
{
    /// <summary>The service without a database (constrained generation needs none).</summary>
    public sealed class Service : IAsyncLifetime
    {
        private ServiceFactory? factory;

        public HttpClient Client { get; private set; } = null!;

        public Task InitializeAsync()
        {
            factory = new ServiceFactory(null);
            factory.Start();
            Client = factory.CreateClient();
            Client.Timeout = TimeSpan.FromSeconds(60);
            return Task.CompletedTask;
        }

        public async Task DisposeAsync()
        {
            Client.Dispose();
            if (factory is not null)
            {
                await factory.DisposeAsync();
            }
        }
    }

    private const string PersonSchema = """{"type":"object","properties":{"name":{"type":"string","maxLength":6},"age":{"type":"integer","minimum":0,"maximum":120}},"required":["name","age"],"additionalProperties":false}""";

    private Task<(int Status, JsonNode? Body, HttpResponseMessage Response)> Generate(object constraint, object? sampler = null, int maxTokens = 48, int seed = 1, float temperature = 1) =>
        Http.PostAsync(service.Client, "/v1/generate", new Dictionary<string, object?>
        {
            ["prompt"] = "Answer:",
            ["max_tokens"] = maxTokens,
            ["temperature"] = temperature,
            ["seed"] = seed,
            ["constraint"] = constraint,
            ["sampler"] = sampler,
        }.Where(kv => kv.Value is not null).ToDictionary());

    [Fact]
    public async Task A_schema_constrained_generation_is_valid_json_with_stats()
    {
        var (status, body, _) = await Generate(new { type = "json_schema", value = JsonNode.Parse(PersonSchema) });
        Assert.Equal(200, status);
        var stats = body!["stats"]!;
        foreach (var field in new[] { "constraint_checks", "checks_per_token", "rejections", "mask_fallbacks", "log_weight", "constraint_ms", "forward_ms", "valid", "incomplete" })
        {
            Assert.NotNull(stats[field]);
        }

        Assert.Equal("awrs", stats["method"]!.GetValue<string>());
        if (body["finish_reason"]!.GetValue<string>() == "stop")
        {
            Assert.True(stats["valid"]!.GetValue<bool>(), stats.ToJsonString());
            var person = JsonNode.Parse(body["text"]!.GetValue<string>())!;
            Assert.InRange(person["age"]!.GetValue<int>(), 0, 120);
            var name = person["name"]!.GetValue<string>();
            Assert.True(name.EnumerateRunes().Count() <= 6, $"'{name}' has more than 6 characters"); // maxLength counts code points, not UTF-16 units
        }
    }

    [Theory]
    [InlineData("json_schema", PersonSchema)]
    [InlineData("regex", "\"\\\\d{3}-[a-z]{2,4}\"")]
    [InlineData("grammar", "\"root ::= (\\\"ab\\\" | \\\"cd\\\")+ \\\".\\\"\\n\"")]
    [InlineData("choice", """["north","south","east","west"]""")]
    public async Task Every_finished_output_is_valid_across_seeds(string type, string value)
    {
        var finished = 0;
        for (var seed = 0; seed < 8; seed++)
        {
            var (status, body, _) = await Generate(new { type, value = JsonNode.Parse(value) }, seed: seed);
            Assert.Equal(200, status);
            if (body!["finish_reason"]!.GetValue<string>() == "stop")
            {
                finished++;
                Assert.True(body["stats"]!["valid"]!.GetValue<bool>(), body.ToJsonString());
                var text = body["text"]!.GetValue<string>();
                switch (type)
                {
                    case "regex":
                        Assert.Matches(new Regex("^\\d{3}-[a-z]{2,4}$"), text);
                        break;
                    case "choice":
                        Assert.Contains(text, new[] { "north", "south", "east", "west" });
                        break;
                }
            }
        }

        Assert.True(finished >= 5, $"{finished} of 8 finished");
    }

    [Fact]
    public async Task Masking_and_particles_report_per_particle_weights()
    {
        var (status, body, _) = await Generate(new { type = "json_schema", value = JsonNode.Parse(PersonSchema) },
            new { method = "mask", particles = 3, ess_threshold = 0.9 });
        Assert.Equal(200, status);
        var stats = body!["stats"]!;
        Assert.Equal("mask", stats["method"]!.GetValue<string>());
        Assert.Equal(3, stats["particles"]!.GetValue<int>());
        Assert.Equal(3, stats["log_weights"]!.AsArray().Count);
        Assert.Equal(512, stats["checks_per_token"]!.GetValue<double>());
    }

    [Fact]
    public async Task Running_out_of_max_tokens_is_length_and_incomplete()
    {
        var (status, body, _) = await Generate(new { type = "json_schema", value = JsonNode.Parse(PersonSchema) }, maxTokens: 3);
        Assert.Equal(200, status);
        Assert.Equal("length", body!["finish_reason"]!.GetValue<string>());
        Assert.False(body["stats"]!["valid"]!.GetValue<bool>());
        Assert.True(body["stats"]!["incomplete"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Streaming_sends_deltas_then_done_with_stats()
    {
        var request = new { prompt = "Answer:", max_tokens = 48, temperature = 1, seed = 4, stream = true, constraint = new { type = "regex", value = "[a-z]{3,8}(-[0-9]{2})?" } };
        var response = await service.Client.SendAsync(Http.JsonRequest("/v1/generate", request), HttpCompletionOption.ResponseHeadersRead);
        var text = new StringBuilder();
        JsonNode? done = null;
        await foreach (var (name, data) in Http.ReadEventsAsync(response))
        {
            Assert.NotEqual("error", name);
            if (name == "delta")
            {
                text.Append(data!["text"]!.GetValue<string>());
            }
            else if (name == "done")
            {
                done = data;
            }
        }

        Assert.NotNull(done);
        Assert.Equal(done["text"]!.GetValue<string>(), text.ToString());
        Assert.NotNull(done["stats"]!["constraint_checks"]);
        var whole = await Http.PostAsync(service.Client, "/v1/generate", new { request.prompt, request.max_tokens, request.temperature, request.seed, request.constraint });
        Assert.Equal(whole.Body!["text"]!.GetValue<string>(), text.ToString());
    }

    public static TheoryData<string, string, string> BadConstraints() => new()
    {
        { """{"type":"yaml","value":"x"}""", "invalid_constraint", "constraint.type" },
        { """{"type":"json_schema","value":{"type":"integer","not":{"minimum":3}}}""", "unsupported_schema_keyword", "not" },
        { """{"type":"regex","value":"(a)\\1"}""", "unsupported_regex", "" },
        { """{"type":"regex","value":"(?=a)b"}""", "unsupported_regex", "" },
        { """{"type":"regex","value":"((a{1000}){1000}){1000}"}""", "invalid_grammar", "expands to more than" },
        { """{"type":"grammar","value":"root ::= root \"a\" | \"a\"\n"}""", "invalid_grammar", "" },
        { """{"type":"grammar","value":"root ::= a\na ::= b \"x\"\nb ::= a | \"y\"\n"}""", "invalid_grammar", "" },
        { """{"type":"grammar","value":"root ::= (\"a\"\n"}""", "invalid_grammar", "" },
        { """{"type":"choice","value":[]}""", "invalid_constraint", "" },
        { """{"type":"json_schema"}""", "invalid_constraint", "constraint.value" },
    };

    [Theory]
    [MemberData(nameof(BadConstraints))]
    public async Task Bad_constraints_are_400s_that_say_why(string constraint, string code, string mentioned)
    {
        var body = $$"""{"prompt":"x","max_tokens":8,"constraint":{{constraint}}}""";
        var (status, problem, _) = await Http.PostAsync(service.Client, "/v1/generate", body);
        Assert.Equal(400, status);
        Assert.Equal(code, problem!["code"]!.GetValue<string>());
        Assert.Contains(mentioned, problem.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Hostile_schemas_are_rejected_quickly()
    {
        // Nested far deeper than any real schema.
        var deep = "{\"type\":\"string\"}";
        for (var i = 0; i < 100; i++)
        {
            deep = $"{{\"type\":\"array\",\"items\":{deep}}}";
        }

        // A huge enum.
        var huge = JsonSerializer.Serialize(new { @enum = Enumerable.Range(0, 20_000).Select(i => $"v{i}").ToArray() });
        foreach (var schema in new[] { deep, huge })
        {
            var started = DateTime.UtcNow;
            var (status, problem, _) = await Http.PostAsync(service.Client, "/v1/generate", "{\"prompt\":\"x\",\"max_tokens\":8,\"constraint\":{\"type\":\"json_schema\",\"value\":" + schema + "}}");
            Assert.Equal(400, status);
            Assert.False(string.IsNullOrEmpty(problem!["detail"]?.GetValue<string>()), problem.ToJsonString());
            Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(10));
        }
    }

    [Fact]
    public async Task A_regex_that_is_exponential_for_backtracking_engines_is_bounded()
    {
        var started = DateTime.UtcNow;
        var (status, body, _) = await Generate(new { type = "regex", value = "((a+)+)+b" }, maxTokens: 24);
        Assert.Equal(200, status);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(20));
        Assert.Equal(body!["finish_reason"]!.GetValue<string>() == "stop", body["stats"]!["valid"]!.GetValue<bool>());
    }

    [Theory]
    [InlineData("""{"method":"beam"}""", "sampler.method")]
    [InlineData("""{"particles":0}""", "sampler.particles")]
    [InlineData("""{"particles":5}""", "sampler.particles")]
    [InlineData("""{"ess_threshold":2}""", "sampler.ess_threshold")]
    [InlineData("""{"max_rejections":-1}""", "sampler.max_rejections")]
    public async Task Bad_sampler_settings_are_400s(string sampler, string target)
    {
        var body = $$"""{"prompt":"x","max_tokens":8,"constraint":{"type":"regex","value":"a+"},"sampler":{{sampler}}}""";
        var (status, problem, _) = await Http.PostAsync(service.Client, "/v1/generate", body);
        Assert.Equal(400, status);
        Assert.Equal(target, problem!["target"]?.GetValue<string>());
    }
}
