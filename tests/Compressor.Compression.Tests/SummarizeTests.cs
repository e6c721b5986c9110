using Compressor.Compression.Errors;
using Compressor.Compression.Keywords;
using Compressor.Compression.Methods;
using Compressor.Compression.Methods.Summarize;
using Compressor.Compression.Pipeline;
using Compressor.Compression.Tests.Fakes;

namespace Compressor.Compression.Tests;

public class SummarizeTests
{
    private static FakeChatClient Shortening() => new() { Respond = (m, _, _) => Task.FromResult(FakeChatClient.Shorten(m)) };

    public static TheoryData<int, double> Cases()
    {
        var data = new TheoryData<int, double>();
        foreach (var seed in new[] { 1, 2, 3 })
        {
            foreach (var ratio in new[] { 0.5, 0.3, 0.15 })
            {
                data.Add(seed, ratio);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Invariants_hold_with_a_shortening_model(int seed, double ratio)
    {
        var text = TextGenerator.Mixed(seed, 120);
        var chat = Shortening();
        var result = await Run.Text(new SummarizeCompressor(), text, ratio, "What did Professor Ken Ito measure?", ["Danube"], chat, seed: 5);
        Run.AssertBudget(result, ratio, 0.85);
        var details = Run.Details(result);
        Assert.Empty(details.Keywords.Unmet);
        Assert.All(details.Keywords.Required, k => Assert.True(KeywordMatcher.Contains(result.Text, k), k));
        Assert.Contains(details.Chunks, c => c.Action == ChunkAction.Rewritten || c.Action == ChunkAction.Partial);
        Assert.All(chat.Calls, c => Assert.Equal((0f, 5L), (c.Options!.Temperature!.Value, c.Options.Seed!.Value)));
        foreach (var block in new[] { TextGenerator.Code, TextGenerator.Table })
        {
            var chunk = details.Chunks.Single(c => text[c.Start..c.End] == block);
            Assert.Equal(chunk.Action == ChunkAction.Verbatim, result.Text.Contains(block, StringComparison.Ordinal));
            Assert.Contains(chunk.Action, new[] { ChunkAction.Verbatim, ChunkAction.Dropped });
        }

        var json = details.Chunks.Single(c => text[c.Start..c.End] == TextGenerator.Json);
        Assert.True(json.Action is ChunkAction.Minified or ChunkAction.Dropped);
        Assert.Equal(json.Action == ChunkAction.Minified, result.Text.Contains("{\"id\":42,\"name\":\"widget\",\"tags\":[\"a\",\"b\"]}", StringComparison.Ordinal));
        var again = await Run.Text(new SummarizeCompressor(), text, ratio, "What did Professor Ken Ito measure?", ["Danube"], Shortening(), seed: 5);
        Assert.Equal(result.Text, again.Text);
    }

    [Fact]
    public async Task Garbage_rewrites_get_their_keywords_restored()
    {
        // Threshold 0: the faithfulness check accepts the garbage, so the keywords come back by restoration.
        var text = TextGenerator.Prose(4, 60);
        var chat = new FakeChatClient { Respond = (_, _, _) => Task.FromResult("Blah blah.") };
        var request = new CompressionRequest
        {
            Text = text,
            Method = "summarize",
            Target = new CompressionTarget(Ratio: 0.4),
            Keep = ["Vienna"],
            Options = new SummarizeOptions { MinFaithfulness = 0 },
        };
        var result = await new SummarizeCompressor().CompressAsync(request, Run.Env(chat), CancellationToken.None);
        var keywords = Run.Details(result).Keywords;
        Assert.NotEmpty(keywords.Restored);
        Assert.Empty(keywords.Unmet);
        Assert.All(keywords.Required, k => Assert.True(KeywordMatcher.Contains(result.Text, k), k));
        Assert.True(result.BudgetMet);
    }

    [Theory]
    [InlineData(1, 0.125, 0.5)]
    [InlineData(2, 0.125, 0.5)]
    [InlineData(3, 0.25, 0.5)]
    [InlineData(4, 0.1, 0.5)]
    [InlineData(5, 0.1, 0.5)]
    [InlineData(6, 0.15, 0.5)]
    [InlineData(7, 0.08, 0.5)]
    [InlineData(8, 0.08, 0.5)]
    [InlineData(9, 0.2, 0.5)]
    [InlineData(1, 0.125, 0)]
    [InlineData(3, 0.25, 0)]
    [InlineData(4, 0.1, 0)]
    [InlineData(7, 0.08, 0)]
    [InlineData(9, 0.2, 0)]
    public async Task Every_required_keyword_survives_a_model_that_ignores_the_length(int seed, double ratio, double minFaithfulness)
    {
        // Like a random-weight model: always writes to the output cap, never a required word.
        var chat = new FakeChatClient
        {
            Respond = (m, o, _) => Task.FromResult(string.Join(" ", Enumerable.Repeat("zorp qix.", Math.Max(1, (o?.MaxOutputTokens ?? 8) / 2)))),
        };
        var request = new CompressionRequest
        {
            Text = TextGenerator.Mixed(seed, 160),
            Method = "summarize",
            Target = new CompressionTarget(Ratio: ratio),
            Question = "What did Professor Ken Ito measure near the Danube in March with the sensor array?",
            Keep = ["Vienna", "Oslo"],
            Seed = 3,
            Options = new SummarizeOptions { MinFaithfulness = minFaithfulness },
        };
        var result = await new SummarizeCompressor().CompressAsync(request, Run.Env(chat), CancellationToken.None);
        var details = Run.Details(result);
        Assert.Empty(details.Keywords.Unmet);
        Assert.All(details.Keywords.Required, k => Assert.True(KeywordMatcher.Contains(result.Text, k), k));
        Assert.Equal(result.CompressedTokens <= details.BudgetTokens, result.BudgetMet);
        if (minFaithfulness > 0)
        {
            // Rejected: the pooled extraction picks carriers of the required words among the original sentences.
            Assert.DoesNotContain("zorp", result.Text, StringComparison.Ordinal);
        }
        else
        {
            // Accepted gibberish: the required words come back by restoration.
            Assert.Contains(details.Keywords.Restored, k => k.Contains("Danube", StringComparison.OrdinalIgnoreCase) || k.Contains("Ito", StringComparison.OrdinalIgnoreCase));
        }
    }

    [Fact]
    public async Task Long_inputs_are_rewritten_window_by_window_with_progress()
    {
        var inFlight = 0;
        var peak = 0;
        var chat = new FakeChatClient
        {
            Respond = async (m, _, ct) =>
            {
                var now = Interlocked.Increment(ref inFlight);
                InterlockedMax(ref peak, now);
                await Task.Delay(5, ct);
                Interlocked.Decrement(ref inFlight);
                return FakeChatClient.Shorten(m);
            },
        };
        var events = new List<CompressionProgress>();
        var text = TextGenerator.Prose(7, 400);
        var request = new CompressionRequest
        {
            Text = text,
            Method = "summarize",
            Target = new CompressionTarget(Ratio: 0.3),
            Options = new SummarizeOptions { WindowTokens = 700 },
        };
        var env = Run.Env(chat) with { Progress = new SyncProgress(events) };
        var result = await new SummarizeCompressor().CompressAsync(request, env, CancellationToken.None);

        Run.AssertBudget(result, 0.3, 0.85);
        var rewritten = Run.Details(result).Chunks.Where(c => c.TargetTokens > 0 && c.TargetTokens < c.OriginalTokens).ToList();
        var windows = events.Where(e => e.Stage == "rewrite" && e.Message is { } msg && msg.StartsWith("window ", StringComparison.Ordinal)).ToList();
        Assert.True(windows.Count >= 3, $"{windows.Count} windows");
        Assert.Equal($"window {windows.Count}/{windows.Count}", windows[^1].Message);
        Assert.Equal(windows.Select(e => e.Fraction).Order(), windows.Select(e => e.Fraction));

        // A window holds at most 700 input tokens: far fewer chunks in flight than rewrites overall.
        Assert.True(peak < rewritten.Count, $"peak {peak} of {rewritten.Count} rewrites");
        Assert.True(rewritten.Count > 0 && chat.Calls.Count == rewritten.Count);
    }

    [Fact]
    public void Windows_cover_every_job_once_in_order_and_respect_the_token_limit()
    {
        var rng = new Random(3);
        var jobs = Enumerable.Range(0, 50).Select(_ => new ChunkRewriter.Job("x", rng.Next(1, 300), 10, [])).ToArray();
        var windows = ChunkRewriter.Windows(jobs, 500);
        Assert.Equal(Enumerable.Range(0, jobs.Length), windows.SelectMany(w => Enumerable.Range(w.Start, w.Count)));
        Assert.All(windows, w => Assert.True(w.Count == 1 || jobs.Skip(w.Start).Take(w.Count).Sum(j => j.Tokens) <= 500));
        Assert.Single(ChunkRewriter.Windows(jobs, int.MaxValue));
        Assert.Equal(jobs.Length, ChunkRewriter.Windows(jobs, 1).Count);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while (value > (current = Volatile.Read(ref target)) && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }

    /// <summary>Records progress synchronously (Progress&lt;T&gt; posts to the thread pool and may reorder).</summary>
    private sealed class SyncProgress(List<CompressionProgress> events) : IProgress<CompressionProgress>
    {
        public void Report(CompressionProgress value)
        {
            lock (events)
            {
                events.Add(value);
            }
        }
    }

    [Fact]
    public async Task Unfaithful_rewrites_are_replaced_by_the_chunks_own_sentences()
    {
        var chat = new FakeChatClient { Respond = (_, _, _) => Task.FromResult("Martians landed on Jupiter in 2099 and Zeus approved.") };
        var text = TextGenerator.Prose(6, 120);
        var result = await Run.Text(new SummarizeCompressor(), text, 0.3, "Which river did the survey follow?", chat: chat);
        Run.AssertBudget(result, 0.3, 0.85);
        Assert.DoesNotContain("Martians", result.Text, StringComparison.Ordinal);
        var details = Run.Details(result);
        Assert.NotEmpty(chat.Calls);
        Assert.DoesNotContain(details.Chunks, c => c.Action == ChunkAction.Rewritten);
        Assert.Contains(details.Chunks, c => c.Action == ChunkAction.Extracted);

        // Nothing of the rewrite is left: every word of the output comes from the input.
        var source = Compressor.Compression.Scoring.Terms.Words(text).ToHashSet(StringComparer.Ordinal);
        Assert.All(Compressor.Compression.Scoring.Terms.Words(result.Text), w => Assert.Contains(w, source));
    }

    [Fact]
    public async Task Faithful_rewrites_pass_the_guard_and_a_zero_threshold_accepts_anything()
    {
        var faithful = await Run.Text(new SummarizeCompressor(), TextGenerator.Prose(6, 120), 0.3, chat: Shortening());
        Assert.Contains(Run.Details(faithful).Chunks, c => c.Action == ChunkAction.Rewritten);

        var chat = new FakeChatClient { Respond = (_, _, _) => Task.FromResult("Martians landed.") };
        var request = new CompressionRequest
        {
            Text = TextGenerator.Prose(6, 120),
            Method = "summarize",
            Target = new CompressionTarget(Ratio: 0.3),
            Options = new SummarizeOptions { MinFaithfulness = 0 },
        };
        var accepted = await new SummarizeCompressor().CompressAsync(request, Run.Env(chat), CancellationToken.None);
        Assert.Contains("Martians", accepted.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("The river rose in March.", "In March the river rose quickly after rain.", 1.0)]
    [InlineData("Martians landed.", "In March the river rose quickly after rain.", 0.0)]
    [InlineData("The river and Martians.", "In March the river rose quickly after rain.", 0.5)]
    [InlineData("", "Anything at all.", 1.0)]
    public void Faithfulness_is_the_share_of_content_words_found_in_the_source(string rewrite, string source, double expected) =>
        Assert.Equal(expected, RewriteGuard.Faithfulness(rewrite, source), 6);

    [Fact]
    public async Task Model_failures_surface_as_unavailable_errors()
    {
        var chat = new FakeChatClient { Respond = (_, _, _) => throw new InvalidOperationException("engine crashed") };
        var error = await Assert.ThrowsAsync<CompressorException>(() => Run.Text(new SummarizeCompressor(), TextGenerator.Prose(1, 60), 0.3, chat: chat));
        Assert.Equal(("summarizer_failed", ErrorKind.Unavailable), (error.Code, error.Kind));
        Assert.IsType<InvalidOperationException>(error.InnerException);
    }

    [Fact]
    public async Task All_rewrites_start_before_any_completes()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var started = 0;
        var expected = -1;
        var chat = new FakeChatClient
        {
            Respond = async (m, _, ct) =>
            {
                Interlocked.Increment(ref started);
                await release.Task.WaitAsync(ct);
                return FakeChatClient.Shorten(m);
            },
        };
        var running = Run.Text(new SummarizeCompressor(), TextGenerator.Prose(2, 150), 0.3, chat: chat);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (Volatile.Read(ref started) < 2 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10);
        }

        await Task.Delay(50);
        expected = Volatile.Read(ref started);
        Assert.False(running.IsCompleted);
        release.SetResult();
        var result = await running;
        var rewritten = Run.Details(result).Chunks.Count(c => c.TargetTokens > 0 && c.TargetTokens < c.OriginalTokens);
        Assert.True(expected >= 2);
        Assert.Equal(chat.Calls.Count, expected);
        Assert.Equal(rewritten, chat.Calls.Count);
    }

    [Fact]
    public async Task A_larger_ratio_never_yields_fewer_tokens()
    {
        var text = TextGenerator.Mixed(6, 120);
        var previous = 0;
        foreach (var ratio in new[] { 0.1, 0.2, 0.3, 0.4, 0.6, 0.8, 1.0 })
        {
            var result = await Run.Text(new SummarizeCompressor(), text, ratio, chat: Shortening());
            Assert.True(result.CompressedTokens >= previous, $"ratio {ratio}: {result.CompressedTokens} < {previous}");
            Assert.True(result.BudgetMet);
            previous = result.CompressedTokens;
        }
    }

    [Fact]
    public async Task Prompt_states_target_and_keywords_and_caps_output()
    {
        var chat = Shortening();
        await Run.Text(new SummarizeCompressor(), TextGenerator.Prose(8, 60), 0.3, keep: ["Vienna"], chat: chat);
        Assert.NotEmpty(chat.Calls);
        foreach (var (messages, options) in chat.Calls)
        {
            var target = FakeChatClient.TargetOf(messages);
            Assert.Equal((int)Math.Ceiling(target * 1.5) + 8, options!.MaxOutputTokens);
            Assert.Contains("words", messages[^1].Text, StringComparison.Ordinal);
        }

        Assert.Contains(chat.Calls, c => c.Messages[^1].Text.Contains("Keep verbatim:", StringComparison.Ordinal));
    }
}
