using System.Globalization;
using System.Text;

namespace Compressor.Evaluation.Metrics;

/// <summary>
/// SQuAD's official answer scores (Rajpurkar et al. 2016, evaluate-v2.0.py): lowercase, strip
/// punctuation, drop the articles a/an/the, collapse whitespace; exact match and token F1, each the
/// best over the gold answers.
/// </summary>
internal static class AnswerMetrics
{
    public static string Normalize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var builder = new StringBuilder(text.Length);
        foreach (var c in text.ToLowerInvariant())
        {
            if (!char.IsPunctuation(c) && !char.IsSymbol(c))
            {
                builder.Append(c);
            }
        }

        var words = builder.ToString().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)
            .Where(w => w is not ("a" or "an" or "the"));
        return string.Join(' ', words);
    }

    public static double ExactMatch(string prediction, IEnumerable<string> golds) =>
        golds.Any(g => string.Equals(Normalize(prediction), Normalize(g), StringComparison.Ordinal)) ? 1 : 0;

    public static double F1(string prediction, IEnumerable<string> golds) => golds.Select(g => F1(prediction, g)).DefaultIfEmpty(0).Max();

    public static double F1(string prediction, string gold)
    {
        var p = Tokens(prediction);
        var g = Tokens(gold);
        if (p.Length == 0 || g.Length == 0)
        {
            return p.Length == g.Length ? 1 : 0;
        }

        var counts = g.GroupBy(t => t, StringComparer.Ordinal).ToDictionary(x => x.Key, x => x.Count(), StringComparer.Ordinal);
        var common = 0;
        foreach (var t in p)
        {
            if (counts.TryGetValue(t, out var n) && n > 0)
            {
                counts[t] = n - 1;
                common++;
            }
        }

        if (common == 0)
        {
            return 0;
        }

        var precision = (double)common / p.Length;
        var recall = (double)common / g.Length;
        return 2 * precision * recall / (precision + recall);
    }

    /// <summary>Whether any gold answer occurs in <paramref name="context"/>, case-insensitively (the retention metric).</summary>
    public static bool Retained(string context, IEnumerable<string> golds) =>
        golds.Any(g => g.Length > 0 && CultureInfo.InvariantCulture.CompareInfo.IndexOf(context, g, CompareOptions.IgnoreCase) >= 0);

    private static string[] Tokens(string text) => Normalize(text).Split(' ', StringSplitOptions.RemoveEmptyEntries);
}
