namespace Compressor.Engine.Latent;

/// <summary>
/// Forbids a token that would repeat an n-gram already generated (Hugging Face's
/// no_repeat_ngram_size; C3's reference decoding uses 20), which keeps greedy reconstruction out of
/// loops. Size 0 turns it off.
/// </summary>
public sealed class RepetitionGuard(int ngramSize)
{
    private readonly List<int> history = [];
    private readonly Dictionary<long, List<int>> prefixes = [];

    public int NgramSize { get; } = ngramSize;

    public void Accept(int token)
    {
        history.Add(token);
        var n = NgramSize;
        if (n < 1 || history.Count < n)
        {
            return;
        }

        // Index the (n-1)-token prefix of the n-gram that just ended, by where it starts.
        var start = history.Count - n;
        var key = Hash(start, n - 1);
        if (!prefixes.TryGetValue(key, out var starts))
        {
            prefixes[key] = starts = [];
        }

        starts.Add(start);
    }

    /// <summary>Tokens that would complete an n-gram seen before, given the history so far.</summary>
    public IEnumerable<int> Banned()
    {
        var n = NgramSize;
        if (n < 1 || history.Count < n - 1)
        {
            yield break;
        }

        var tailStart = history.Count - (n - 1);
        if (n == 1)
        {
            foreach (var t in history.Distinct())
            {
                yield return t;
            }

            yield break;
        }

        if (!prefixes.TryGetValue(Hash(tailStart, n - 1), out var starts))
        {
            yield break;
        }

        foreach (var s in starts)
        {
            if (Same(s, tailStart, n - 1))
            {
                yield return history[s + n - 1];
            }
        }
    }

    private bool Same(int a, int b, int length)
    {
        for (var i = 0; i < length; i++)
        {
            if (history[a + i] != history[b + i])
            {
                return false;
            }
        }

        return true;
    }

    private long Hash(int start, int length)
    {
        long h = 1469598103934665603;
        for (var i = 0; i < length; i++)
        {
            h = (h ^ history[start + i]) * 1099511628211;
        }

        return h;
    }
}
