using System.Globalization;

namespace Compressor.Constraints.JsonSchema;

/// <summary>
/// GBNF for decimal integers in a range, digit by digit: [lo, hi] of equal length splits into
/// "lo's first digit, then the rest up to 9s", "middle first digits, then anything", "hi's first
/// digit, then 0s up to the rest". Lengths in between are free digit strings without leading zeros.
/// </summary>
internal static class DigitRangeGrammar
{
    public const int MaxDigits = 18;

    /// <summary>Integers in [lo, hi] (either open when null), JSON spelling (no leading zeros or '+').</summary>
    public static string Integer(long? lo, long? hi)
    {
        var alternatives = new List<string>();
        if (hi is null || hi >= 0)
        {
            alternatives.Add(NonNegative(Math.Max(lo ?? 0, 0), hi));
        }

        if (lo is null || lo < 0)
        {
            // Negative part: "-" followed by a magnitude in [max(1, -hi), -lo].
            var magLo = hi is null || hi >= 0 ? 1 : -hi.Value;
            alternatives.Add("\"-\" " + Group(NonNegative(magLo, lo is null ? null : -lo.Value)));
        }

        return alternatives.Count == 1 ? Group(alternatives[0]) : "(" + string.Join(" | ", alternatives) + ")";
    }

    /// <summary>Non-negative integers in [lo, hi]; hi null means unbounded (up to MaxDigits digits).</summary>
    public static string NonNegative(long lo, long? hi)
    {
        var lo1 = lo.ToString(CultureInfo.InvariantCulture);
        var alternatives = new List<string>();
        var maxLen = hi is null ? MaxDigits : hi.Value.ToString(CultureInfo.InvariantCulture).Length;
        for (var len = lo1.Length; len <= maxLen; len++)
        {
            var from = len == lo1.Length ? lo1 : "1" + new string('0', len - 1);
            var to = hi is not null && len == maxLen ? hi.Value.ToString(CultureInfo.InvariantCulture) : new string('9', len);
            if (hi is null && len > lo1.Length)
            {
                // Every longer length is free: one alternative covers them all.
                alternatives.Add(string.Create(CultureInfo.InvariantCulture, $"[1-9] [0-9]{{{len - 1},{MaxDigits - 1}}}"));
                break;
            }

            alternatives.Add(SameLength(from, to));
        }

        return string.Join(" | ", alternatives.Where(a => a.Length > 0));
    }

    private static string SameLength(string lo, string hi)
    {
        if (lo.Length == 0)
        {
            return string.Empty;
        }

        if (lo[0] == hi[0])
        {
            return Concat(Lit(lo[0]), Group(SameLength(lo[1..], hi[1..])));
        }

        var rest = lo.Length - 1;
        if (lo[1..].All(c => c == '0') && hi[1..].All(c => c == '9'))
        {
            return Concat(Class(lo[0], hi[0]), AnyDigits(rest));
        }

        var parts = new List<string> { Concat(Lit(lo[0]), Group(SameLength(lo[1..], new string('9', rest)))) };
        if (hi[0] - lo[0] > 1)
        {
            parts.Add(Concat(Class((char)(lo[0] + 1), (char)(hi[0] - 1)), AnyDigits(rest)));
        }

        parts.Add(Concat(Lit(hi[0]), Group(SameLength(new string('0', rest), hi[1..]))));
        return string.Join(" | ", parts);
    }

    private static string Lit(char c) => "\"" + c + "\"";

    private static string Class(char a, char b) => a == b ? Lit(a) : $"[{a}-{b}]";

    private static string AnyDigits(int n) => n switch
    {
        0 => string.Empty,
        1 => "[0-9]",
        _ => string.Create(CultureInfo.InvariantCulture, $"[0-9]{{{n}}}"),
    };

    private static string Concat(string a, string b) => b.Length == 0 ? a : a + " " + b;

    private static string Group(string s) => s.Length == 0 || !s.Contains('|', StringComparison.Ordinal) ? s : "(" + s + ")";
}
