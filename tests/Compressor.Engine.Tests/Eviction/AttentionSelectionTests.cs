using System.Text;
using Compressor.Engine.Eviction;

namespace Compressor.Engine.Tests.Eviction;

public sealed class AttentionSelectionTests
{
    [Fact]
    public void Ranking_puts_kept_tokens_first_then_higher_scores_then_earlier()
    {
        bool[] kept = [false, true, false, true, false];
        float[] scores = [0.9f, 0.1f, float.NaN, 0.5f, 0.9f];
        Assert.Equal([3, 1, 0, 4, 2], AttentionSelection.Rank(kept, scores));
    }

    [Fact]
    public void Fit_takes_the_longest_ranked_prefix_within_budget_in_original_order()
    {
        const string text = "a b c d e f";
        (int, int)[] spans = [(0, 1), (1, 3), (3, 5), (5, 7), (7, 9), (9, 11)];
        int[] ranking = [4, 1, 5, 0, 2, 3];
        static int Words(string s) => s.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;

        var choice = AttentionSelection.Fit(text, spans, ranking, 3, Words);

        Assert.Equal(" b e f", choice.Text);
        Assert.Equal((3, 3), (choice.Tokens, choice.Count));
        Assert.Equal([false, true, false, false, true, true], choice.Selected);
        Assert.Equal(("", 0), (AttentionSelection.Fit(text, spans, ranking, 0, Words).Text, AttentionSelection.Fit(text, spans, ranking, 0, Words).Count));
        Assert.Equal(text, AttentionSelection.Fit(text, spans, ranking, 99, Words).Text);
    }

    [Fact]
    public void Fit_stays_within_budget_when_counts_are_not_monotone()
    {
        const string text = "aaaaaaaaaa";
        var spans = Enumerable.Range(0, 10).Select(i => (i, i + 1)).ToArray();
        var ranking = Enumerable.Range(0, 10).ToArray();
        // Odd lengths cost double: the chosen prefix must still be within budget.
        static int Count(string s) => s.Length % 2 == 1 ? s.Length * 2 : s.Length;

        var choice = AttentionSelection.Fit(text, spans, ranking, 7, Count);

        Assert.True(Count(choice.Text) <= 7);
        Assert.Equal(Count(choice.Text), choice.Tokens);
    }

    [Fact]
    public void Offsets_are_identity_for_byte_level_tokens()
    {
        const string text = "Hi there, café";
        byte[][] pieces = [.. new[] { "Hi", " there", ",", " caf" }.Select(Encoding.UTF8.GetBytes), [0xC3], [0xA9]];

        var spans = TokenOffsets.Compute(pieces, text);

        // A character split over tokens belongs to the token that completes it.
        Assert.Equal([(0, 2), (2, 8), (8, 9), (9, 13), (13, 13), (13, 14)], spans);
    }

    [Fact]
    public void Offsets_skip_whitespace_the_tokenizer_added_or_dropped()
    {
        const string text = "Hello  world";
        byte[][] pieces = [.. new[] { " Hello", " world" }.Select(Encoding.UTF8.GetBytes)];

        var spans = TokenOffsets.Compute(pieces, text);

        Assert.Equal([(0, 5), (5, 12)], spans);
        Assert.Equal("Hello", text[spans[0].Start..spans[0].End]);
        Assert.EndsWith("world", text[spans[1].Start..spans[1].End], StringComparison.Ordinal);
    }
}
