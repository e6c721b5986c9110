using System.Text.Json.Nodes;
using Compressor.Constraints;
using Compressor.Engine.Constrained;
using Compressor.Engine.Generation;
using Xunit.Abstractions;

namespace Compressor.Engine.Tests.Constrained;

/// <summary>Every constrained output that finishes is valid under its constraint, across many seeded runs.</summary>
[Collection(EngineCollection.Name)]
public sealed class ConstrainedValidityTests(EngineFixture fixture, ITestOutputHelper output) : IDisposable
{
    private readonly ConstrainedHarness harness = new(fixture);

    public void Dispose() => harness.Dispose();

    private static readonly (string Type, string Value)[] Constraints =
    [
        ("json_schema", """{"type":"object","properties":{"name":{"type":"string","maxLength":6},"age":{"type":"integer","minimum":0,"maximum":120},"ok":{"type":"boolean"}},"required":["name","age","ok"],"additionalProperties":false}"""),
        ("json_schema", """{"type":"array","items":{"enum":["red","green",3,null]},"minItems":1,"maxItems":3}"""),
        ("json_schema", """{"type":"object","properties":{"id":{"type":"string","format":"uuid"},"tags":{"type":"array","items":{"type":"string","pattern":"^[a-z]{1,4}$"},"maxItems":2}},"required":["id","tags"],"additionalProperties":false}"""),
        ("json_schema", """{"$defs":{"node":{"type":"object","properties":{"v":{"type":"integer","minimum":-9,"maximum":9},"next":{"anyOf":[{"$ref":"#/$defs/node"},{"type":"null"}]}},"required":["v","next"],"additionalProperties":false}},"$ref":"#/$defs/node"}"""),
        ("json_schema", """{"type":"object","properties":{"when":{"type":"string","format":"date"},"score":{"type":"number","minimum":0,"maximum":1}},"required":["when","score"],"additionalProperties":false}"""),
        ("regex", "[a-z]{2,6}@[a-z]{3}\\.(com|org)"),
        ("regex", "\\d{3}-\\d{4}"),
        ("regex", "(yes|no|maybe)!?"),
        ("grammar", "root ::= \"(\" num (\"+\" num)? \")\"\nnum ::= [0-9] [0-9]?\n"),
        ("grammar", "root ::= greeting \" \" name\ngreeting ::= \"hello\" | \"hi\"\nname ::= [A-Z] [a-z] [a-z]?\n"),
        ("choice", """["red","green","blue","a much longer option"]"""),
    ];

    private CompiledConstraint Compile((string Type, string Value) c) =>
        harness.Compiler.Compile(c.Type, c.Type is "json_schema" or "choice" ? JsonNode.Parse(c.Value) : JsonValue.Create(c.Value));

    [Theory]
    [InlineData("small", ConstrainedMethod.Awrs, 1.0f, 1.0f, 12)]
    [InlineData("small", ConstrainedMethod.Awrs, 0.8f, 0.9f, 6)]
    [InlineData("small", ConstrainedMethod.Awrs, 0f, 1.0f, 1)]
    [InlineData("tiny", ConstrainedMethod.Awrs, 1.0f, 1.0f, 6)]
    [InlineData("small", ConstrainedMethod.Mask, 1.0f, 1.0f, 4)]
    public async Task Every_finished_output_is_valid(string model, ConstrainedMethod method, float temperature, float topP, int seeds)
    {
        var runs = (from c in Constraints
                    from seed in Enumerable.Range(0, seeds)
                    select (Prompt: "Answer:", Constraint: Compile(c),
                        Sampling: new ConstrainedSampling { Method = method, Temperature = temperature, TopP = topP, Seed = seed, MaxRejections = 16 },
                        MaxTokens: 48)).ToList();
        var results = await harness.RunManyAsync(model, runs);
        var stopped = 0;
        for (var i = 0; i < results.Count; i++)
        {
            var r = results[i];
            if (r.FinishReason == FinishReason.Stop)
            {
                stopped++;
                Assert.True(r.Stats.Valid, $"run {i} ({runs[i].Constraint.Kind}): '{r.Text}' is invalid: {r.Stats.ValidationError}");
                Assert.False(r.Stats.Incomplete);
            }
            else
            {
                // Cut off: reported as such, never as valid unless the text really is.
                Assert.Equal(!r.Stats.Valid, r.Stats.Incomplete);
                Assert.Equal(r.Stats.Valid, runs[i].Constraint.Validator.Validate(r.Text).IsValid);
            }

            // Every step asks the grammar at least once, unless its state's allowed set was cached.
            Assert.True(r.Stats.ConstraintChecks >= r.Tokens.Count - r.Stats.StateCacheHits);
        }

        output.WriteLine($"{model}/{method} T={temperature} top_p={topP}: {results.Count} runs, {stopped} finished, " +
            $"checks/token {results.Average(r => r.Stats.ChecksPerToken):F1}, fallbacks {results.Sum(r => r.Stats.MaskFallbacks)}");
        // Greedy decoding of a random model may loop until max_tokens; sampled runs nearly always finish.
        Assert.True(stopped >= results.Count * (temperature > 0 ? 0.75 : 0.5), $"only {stopped} of {results.Count} runs finished");
    }

    [Fact]
    public async Task Running_out_of_tokens_mid_structure_is_incomplete_not_valid()
    {
        var schema = Compile(Constraints[0]);
        var results = await harness.RunManyAsync("small", [("Answer:", schema, new ConstrainedSampling { Temperature = 1, Seed = 3 }, 4)]);
        var r = Assert.Single(results);
        Assert.Equal(FinishReason.Length, r.FinishReason);
        Assert.False(r.Stats.Valid);
        Assert.True(r.Stats.Incomplete);
        Assert.NotNull(r.Stats.ValidationError);
    }

    [Fact]
    public async Task Seeded_runs_reproduce_and_mask_checks_the_whole_vocabulary()
    {
        var schema = Compile(Constraints[1]);
        var awrs = new ConstrainedSampling { Temperature = 1, Seed = 11 };
        var results = await harness.RunManyAsync("small", [
            ("Answer:", schema, awrs, 32), ("Answer:", schema, awrs, 32),
            ("Answer:", schema, awrs with { Method = ConstrainedMethod.Mask }, 32),
        ]);
        Assert.Equal(results[0].Tokens, results[1].Tokens);
        Assert.Equal(300, results[2].Stats.ChecksPerToken);
        Assert.True(results[0].Stats.ConstraintMs > 0 && results[0].Stats.ForwardMs > 0);
    }

    [Fact]
    public async Task A_grammar_llama_cpp_cannot_parse_is_a_400()
    {
        var bogus = new CompiledConstraint(ConstraintKind.Grammar, "root ::= (\"a\"", new Compressor.Constraints.Validation.ChoiceOutputValidator(["a"]));
        using var handle = await harness.Registry.AcquireAsync("small", CancellationToken.None);
        var e = Assert.Throws<Compressor.Compression.Errors.CompressorException>(() => ConstrainedGenerationService.CreateGrammar(handle.Loaded.Model.Vocab, bogus));
        Assert.Equal("grammar_invalid", e.Code);
        Assert.Equal(Compressor.Compression.Errors.ErrorKind.BadRequest, e.Kind);
    }
}
