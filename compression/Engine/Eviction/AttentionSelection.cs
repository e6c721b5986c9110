using System.Text;

namespace Compressor.Engine.Eviction;

/// <summary>
/// The extractive side of eviction, as pure functions: rank tokens (kept by the policy first, then
/// by their last score, earlier first on ties) and take the longest prefix of that ranking whose
/// text, in original order, fits a token budget (binary search over the prefix length).
/// </summary>
public static class AttentionSelection
{
    public sealed record Choice(bool[] Selected, string Text, int Tokens, int Count);

    /// <param name="kept">Per token: whether the policy kept it in the cache.</param>
    /// <param name="scores">Per token: its last score (NaN = unscored, ranked last among its group).</param>
    public static int[] Rank(ReadOnlySpan<bool> kept, ReadOnlySpan<float> scores)
    {
        if (kept.Length != scores.Length)
        {
            throw new ArgumentException($"{kept.Length} kept flags for {scores.Length} scores", nameof(scores));
        }

        var k = kept.ToArray();
        var s = scores.ToArray();
        return [.. Enumerable.Range(0, k.Length)
            .OrderByDescending(i => k[i])
            .ThenByDescending(i => float.IsNaN(s[i]) ? float.NegativeInfinity : s[i])
            .ThenBy(i => i)];
    }

    /// <summary>The text of the first <paramref name="count"/> ranked tokens, in original order (their spans of <paramref name="text"/> joined).</summary>
    public static string Compose(string text, IReadOnlyList<(int Start, int End)> spans, ReadOnlySpan<int> ranking, int count, bool[]? selected = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(spans);
        selected ??= new bool[spans.Count];
        Array.Clear(selected);
        foreach (var index in ranking[..count])
        {
            selected[index] = true;
        }

        var builder = new StringBuilder();
        for (var i = 0; i < spans.Count; i++)
        {
            if (selected[i])
            {
                builder.Append(text, spans[i].Start, spans[i].End - spans[i].Start);
            }
        }

        return builder.ToString();
    }

    /// <summary>
    /// The most ranked tokens whose composed text counts at most <paramref name="budget"/> tokens.
    /// Counts are nearly monotone in the prefix length; the answer is always checked, so the result
    /// is within budget even where they are not.
    /// </summary>
    public static Choice Fit(string text, IReadOnlyList<(int Start, int End)> spans, int[] ranking, int budget, Func<string, int> count)
    {
        ArgumentNullException.ThrowIfNull(ranking);
        ArgumentNullException.ThrowIfNull(count);
        var selected = new bool[spans.Count];
        var (lo, hi) = (0, ranking.Length);
        (string Text, int Tokens) best = ("", 0);
        while (lo < hi)
        {
            var mid = lo + ((hi - lo + 1) / 2);
            var candidate = Compose(text, spans, ranking, mid, selected);
            var tokens = count(candidate);
            if (tokens <= budget)
            {
                (lo, best) = (mid, (candidate, tokens));
            }
            else
            {
                hi = mid - 1;
            }
        }

        var final = Compose(text, spans, ranking, lo, selected);
        return new Choice(selected, final, lo == 0 ? 0 : best.Tokens, lo);
    }
}
