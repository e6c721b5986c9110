namespace Compressor.Engine.Latent;

/// <summary>
/// How well a reconstruction matches its input: exact match (after trimming) and ROUGE-L
/// (longest common subsequence of whitespace-separated words: precision, recall, F1).
/// </summary>
public sealed record ReconstructionMetrics(bool ExactMatch, double RougeLPrecision, double RougeLRecall, double RougeLF1)
{
    public static ReconstructionMetrics Compare(string reference, string candidate)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(candidate);
        var exact = string.Equals(reference.Trim(), candidate.Trim(), StringComparison.Ordinal);
        var r = Words(reference);
        var c = Words(candidate);
        if (r.Length == 0 || c.Length == 0)
        {
            var both = r.Length == c.Length ? 1.0 : 0.0;
            return new ReconstructionMetrics(exact, both, both, both);
        }

        var lcs = LongestCommonSubsequence(r, c);
        var precision = (double)lcs / c.Length;
        var recall = (double)lcs / r.Length;
        var f1 = lcs == 0 ? 0 : 2 * precision * recall / (precision + recall);
        return new ReconstructionMetrics(exact, precision, recall, f1);
    }

    internal static int LongestCommonSubsequence(string[] a, string[] b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                current[j] = a[i - 1] == b[j - 1] ? previous[j - 1] + 1 : Math.Max(previous[j], current[j - 1]);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }

    private static string[] Words(string text) => text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
}
