using Compressor.Compression.Keywords;
using Compressor.Compression.Methods;
using Compressor.Compression.Methods.Summarize;
using Compressor.Compression.Tests.Fakes;

namespace Compressor.Compression.Tests;

/// <summary>
/// Rewrites that fail the faithfulness check: their chunks' budget is pooled and filled by one
/// ranking of all their sentences (as extract ranks), not chunk by chunk.
/// </summary>
public class SummarizeFallbackTests
{
    private const string Question = "Which instruments did the Zambezi expedition of Orla Brandt carry?";

    private static readonly string[] Relevant =
    [
        "Captain Orla Brandt led the Zambezi expedition in the dry season of 1911.",
        "The Zambezi expedition carried two brass theodolites and a mercury barometer.",
        "Brandt also packed a chronometer made in Geneva for the expedition.",
        "Her notes say the instruments survived the rapids near Kariba.",
        "The expedition returned to Lusaka with all of its instruments intact.",
    ];

    /// <summary>Distractor prose in paragraphs of five sentences, the relevant paragraph in the middle.</summary>
    private static string Document(int seed, int distractorParagraphs)
    {
        var before = TextGenerator.Prose(seed, 5 * (distractorParagraphs / 2));
        var after = TextGenerator.Prose(seed + 100, 5 * (distractorParagraphs - (distractorParagraphs / 2)));
        return before + "\n\n" + string.Join(" ", Relevant) + "\n\n" + after;
    }

    private static FakeChatClient Unfaithful() => new() { Respond = (_, _, _) => Task.FromResult("Martians landed on Jupiter in 2099 and Zeus approved.") };

    [Theory]
    [InlineData(1, 14, 0.125)]
    [InlineData(2, 14, 0.125)]
    [InlineData(3, 20, 0.1)]
    [InlineData(4, 10, 0.2)]
    [InlineData(5, 14, 0.125)]
    [InlineData(6, 14, 0.125)]
    [InlineData(7, 18, 0.1)]
    [InlineData(8, 18, 0.1)]
    [InlineData(9, 9, 0.25)]
    [InlineData(10, 9, 0.25)]
    [InlineData(11, 24, 0.08)]
    [InlineData(12, 24, 0.08)]
    public async Task Rejected_rewrites_pool_their_budget_on_the_relevant_paragraph(int seed, int distractors, double ratio)
    {
        var text = Document(seed, distractors);
        var chat = Unfaithful();
        var result = await Run.Text(new SummarizeCompressor(), text, ratio, Question, chat: chat);

        Run.AssertBudget(result, ratio, 0.85);
        Assert.NotEmpty(chat.Calls);
        Assert.DoesNotContain("Martians", result.Text, StringComparison.Ordinal);
        Assert.All(Relevant, s => Assert.Contains(s, result.Text, StringComparison.Ordinal));
        Assert.Empty(Run.Details(result).Keywords.Unmet);
    }

    [Fact]
    public async Task Accepted_rewrites_stay_and_only_the_rejected_chunks_are_pooled()
    {
        // Faithful shortening everywhere except the chunk holding the relevant paragraph.
        var chat = new FakeChatClient
        {
            Respond = (m, _, _) => Task.FromResult(FakeChatClient.ChunkOf(m).Contains("Zambezi", StringComparison.Ordinal)
                ? "Martians landed on Jupiter in 2099 and Zeus approved."
                : FakeChatClient.Shorten(m)),
        };
        var result = await Run.Text(new SummarizeCompressor(), Document(3, 14), 0.2, Question, chat: chat);
        var details = Run.Details(result);

        Run.AssertBudget(result, 0.2, 0.85);
        Assert.DoesNotContain("Martians", result.Text, StringComparison.Ordinal);
        var rewritten = details.Chunks.Where(c => c.Action is ChunkAction.Rewritten or ChunkAction.Partial).ToList();
        Assert.NotEmpty(rewritten);
        Assert.All(rewritten, c => Assert.Contains(c.Summary!, result.Text, StringComparison.Ordinal));
        Assert.Contains(Relevant[1], result.Text, StringComparison.Ordinal);
        Assert.Empty(details.Keywords.Unmet);
    }

    [Fact]
    public async Task Pooled_chunks_report_what_they_contribute()
    {
        var text = Document(5, 14);
        var result = await Run.Text(new SummarizeCompressor(), text, 0.125, Question, chat: Unfaithful());
        var details = Run.Details(result);

        // Some rewritten chunks end up with no sentence at all: they are reported dropped, with no output.
        Assert.Contains(details.Chunks, c => c.Action == ChunkAction.Dropped && c.TargetTokens > 0);
        Assert.DoesNotContain(details.Chunks, c => c.Action == ChunkAction.Rewritten);
        foreach (var chunk in details.Chunks)
        {
            Assert.Equal(chunk.Action == ChunkAction.Dropped, chunk.AchievedTokens == 0);
            if (chunk.Action == ChunkAction.Extracted)
            {
                // An extracted chunk's text is its own original sentences, all of them in the output.
                Assert.NotNull(chunk.Summary);
                Assert.Contains(chunk.Summary!, result.Text, StringComparison.Ordinal);
                Assert.All(Compressor.Compression.Segmentation.SentenceSplitter.Split(chunk.Summary!, 0, chunk.Summary!.Length),
                    r => Assert.Contains(chunk.Summary![r.Start..r.End], text[chunk.Start..chunk.End], StringComparison.Ordinal));
            }
        }

        Assert.Equal(result.CompressedTokens, new WordTokenizer().Count(result.Text));
        Assert.All(details.Keywords.Required, k => Assert.True(KeywordMatcher.Contains(result.Text, k), k));
    }
}
