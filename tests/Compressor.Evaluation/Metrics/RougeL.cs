namespace Compressor.Evaluation.Metrics;

/// <summary>
/// ROUGE-L (Lin 2004): F-measure of the longest common subsequence of the lowercased word tokens of
/// a candidate and a reference (beta = 1, as in the rouge-score package's rougeL without stemming).
/// </summary>
internal static class RougeL
{
    public static double F1(string candidate, string reference)
    {
        var c = Tokens(candidate);
        var r = Tokens(reference);
        if (c.Length == 0 || r.Length == 0)
        {
            return 0;
        }

        var lcs = Lcs(c, r);
        if (lcs == 0)
        {
            return 0;
        }

        var precision = (double)lcs / c.Length;
        var recall = (double)lcs / r.Length;
        return 2 * precision * recall / (precision + recall);
    }

    /// <summary>Length of the longest common subsequence, in O(|a|·|b|) time and O(|b|) memory.</summary>
    public static int Lcs(IReadOnlyList<string> a, IReadOnlyList<string> b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var previous = new int[b.Count + 1];
        var current = new int[b.Count + 1];
        for (var i = 1; i <= a.Count; i++)
        {
            for (var j = 1; j <= b.Count; j++)
            {
                current[j] = string.Equals(a[i - 1], b[j - 1], StringComparison.Ordinal)
                    ? previous[j - 1] + 1
                    : Math.Max(previous[j], current[j - 1]);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Count];
    }

    /// <summary>Lowercase runs of letters and digits (rouge-score's default tokenizer, without stemming).</summary>
    public static string[] Tokens(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var words = new List<string>();
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            var isWord = i < text.Length && char.IsLetterOrDigit(text[i]);
            if (isWord && start < 0)
            {
                start = i;
            }
            else if (!isWord && start >= 0)
            {
                words.Add(text[start..i].ToLowerInvariant());
                start = -1;
            }
        }

        return [.. words];
    }
}
