using Compressor.Engine.Generation;

namespace Compressor.Engine.Tests;

[Collection(EngineCollection.Name)]
public sealed class GenerationTests(EngineFixture fixture)
{
    private static GenerationRequest Request(int maxTokens = 16, float temperature = 0f, int seed = 0, params string[] stop) =>
        new() { PromptTokens = [], MaxTokens = maxTokens, Sampling = new SamplingSettings(temperature, 1f, seed), Stop = stop };

    [Fact]
    public async Task Greedy_generation_is_deterministic_and_counts_tokens()
    {
        var a = await fixture.Generator.GenerateAsync("tiny", "Once upon a time", null, Request(), null, CancellationToken.None);
        var b = await fixture.Generator.GenerateAsync("tiny", "Once upon a time", null, Request(), null, CancellationToken.None);
        Assert.Equal(a.Result.Text, b.Result.Text);
        Assert.Equal(a.Result.Tokens, b.Result.Tokens);
        Assert.True(a.Result.PromptTokens > 1);
        Assert.InRange(a.Result.CompletionTokens, 1, 16);
        Assert.True(a.Result.Timings.PromptMs > 0);
        Assert.StartsWith("sha256:", a.ModelFingerprint, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Max_tokens_ends_with_length()
    {
        var outcome = await fixture.Generator.GenerateAsync("tiny", "Count: one two three", null, Request(maxTokens: 5), null, CancellationToken.None);
        // Random weights rarely emit end-of-generation in 5 steps; if they did, the reason says so.
        Assert.True(outcome.Result.FinishReason == FinishReason.Length ? outcome.Result.CompletionTokens == 5 : outcome.Result.FinishReason == FinishReason.Stop);
    }

    [Fact]
    public async Task Seeded_sampling_reproduces_and_different_seeds_differ()
    {
        var runs = new List<string>();
        foreach (var seed in new[] { 7, 7, 8 })
        {
            var o = await fixture.Generator.GenerateAsync("tiny", "Sample me", null, Request(maxTokens: 24, temperature: 1.5f, seed: seed), null, CancellationToken.None);
            runs.Add(string.Join(",", o.Result.Tokens));
        }

        Assert.Equal(runs[0], runs[1]);
        Assert.NotEqual(runs[0], runs[2]);
    }

    [Fact]
    public async Task Stop_strings_cut_the_text_and_are_never_streamed()
    {
        var full = await fixture.Generator.GenerateAsync("tiny", "Stop test", null, Request(maxTokens: 30), null, CancellationToken.None);
        Assert.True(full.Result.Text.Length >= 6, "random model produced too little text to pick a stop string");
        var stop = full.Result.Text.Substring(3, 2);
        var streamed = new System.Text.StringBuilder();
        var cut = await fixture.Generator.GenerateAsync("tiny", "Stop test", null, Request(maxTokens: 30, stop: stop), d => streamed.Append(d), CancellationToken.None);
        var expected = full.Result.Text[..full.Result.Text.IndexOf(stop, StringComparison.Ordinal)];
        Assert.Equal(expected, cut.Result.Text);
        Assert.Equal(expected, streamed.ToString());
        Assert.Equal(FinishReason.Stop, cut.Result.FinishReason);
    }

    [Fact]
    public async Task Streaming_deltas_add_up_to_the_text()
    {
        var deltas = new List<string>();
        var outcome = await fixture.Generator.GenerateAsync("tiny", null, [("user", "Say something long")], Request(maxTokens: 20), deltas.Add, CancellationToken.None);
        Assert.Equal(outcome.Result.Text, string.Concat(deltas));
    }

    [Fact]
    public async Task Sequences_batched_together_equal_each_run_alone()
    {
        var prompts = new[] { "First prompt here", "A second, different prompt", "Third" };
        var alone = new List<string>();
        foreach (var p in prompts)
        {
            alone.Add((await fixture.Generator.GenerateAsync("tiny", null, [("user", p)], Request(maxTokens: 8), null, CancellationToken.None)).Result.Text);
        }

        var together = await fixture.Generator.GenerateManyAsync("tiny", [.. prompts.Select(p => (IReadOnlyList<(string, string)>)[("user", p)])],
            [.. prompts.Select(_ => Request(maxTokens: 8))], CancellationToken.None);
        Assert.Equal(alone, together.Select(o => o.Result.Text));
    }

    [Fact]
    public async Task A_shared_prompt_prefix_is_prefilled_once_and_changes_nothing()
    {
        const string system = "You rewrite text for another model to read. Keep every fact, name, number and date exactly. Add nothing at all and reply with the rewrite only, please.";
        var prompts = new[] { "First chunk: the river rose in March.", "Second chunk: 42 boats left Oslo.", "Third chunk, a little longer than the others: it rained." };
        IReadOnlyList<(string, string)> Messages(string p) => [("system", system), ("user", p)];
        var alone = new List<string>();
        foreach (var p in prompts)
        {
            var one = await fixture.Generator.GenerateAsync("tiny", null, Messages(p), Request(maxTokens: 8), null, CancellationToken.None);
            Assert.Equal(0, one.Result.Timings.SharedPrefixTokens);
            alone.Add(one.Result.Text);
        }

        var together = await fixture.Generator.GenerateManyAsync("tiny", [.. prompts.Select(Messages)], [.. prompts.Select(_ => Request(maxTokens: 8))], CancellationToken.None);
        Assert.Equal(alone, together.Select(o => o.Result.Text));
        Assert.True(together[0].Result.Timings.SharedPrefixTokens >= BatchGenerator.MinSharedPrefix, $"shared {together[0].Result.Timings.SharedPrefixTokens}");
    }

    [Fact]
    public void Common_prefix_leaves_every_prompt_a_token_of_its_own()
    {
        Assert.Equal(0, BatchGenerator.CommonPrefix([new[] { 1, 2, 3 }]));
        Assert.Equal(2, BatchGenerator.CommonPrefix([new[] { 1, 2, 3, 4 }, new[] { 1, 2, 5 }]));
        Assert.Equal(2, BatchGenerator.CommonPrefix([new[] { 1, 2, 3 }, new[] { 1, 2, 3 }]));
        Assert.Equal(0, BatchGenerator.CommonPrefix([new[] { 1 }, new[] { 1, 2 }]));
        Assert.Equal(0, BatchGenerator.CommonPrefix([new[] { 7, 2 }, new[] { 1, 2 }]));
    }

    [Fact]
    public async Task Cancelling_stops_generation()
    {
        using var cts = new CancellationTokenSource();
        var count = 0;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => fixture.Generator.GenerateAsync("tiny", "Go on and on", null, Request(maxTokens: 500),
            _ =>
            {
                if (++count == 3)
                {
                    cts.Cancel();
                }
            }, cts.Token));
        Assert.InRange(count, 3, 6);
    }

    [Fact]
    public async Task A_prompt_larger_than_the_context_is_a_clear_error()
    {
        var huge = string.Concat(Enumerable.Repeat("many words here ", 1000));
        var e = await Assert.ThrowsAsync<Compressor.Compression.Errors.CompressorException>(() =>
            fixture.Generator.GenerateAsync("tiny", huge, null, Request(), null, CancellationToken.None));
        Assert.Equal("prompt_too_long", e.Code);
    }
}
