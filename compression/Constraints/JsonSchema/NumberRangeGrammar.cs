namespace Compressor.Constraints.JsonSchema;

/// <summary>
/// Decimal numbers (no exponent) between whole-number bounds. For a magnitude I.F and whole bound b:
/// I.F &lt;= b iff I &lt; b, or I = b with an all-zero fraction; I.F &gt; a iff I &gt; a, or I = a with a
/// non-zero fraction. Negative values are "-" and a magnitude range, mirrored.
/// </summary>
internal static class NumberRangeGrammar
{
    private const string AnyFraction = "(\".\" [0-9]{1,16})?";
    private const string ZeroFraction = "(\".\" \"0\"{1,16})?";
    private const string NonZeroFraction = "\".\" [0-9]{0,15} [1-9] [0-9]{0,15}";

    public static string Build(long? lo, bool loExclusive, long? hi, bool hiExclusive)
    {
        var parts = new List<string>();
        if (hi is null || hi > 0 || (hi == 0 && !hiExclusive))
        {
            var (a, aExclusive) = lo is null || lo < 0 ? (0L, false) : (lo.Value, loExclusive);
            parts.AddRange(Magnitude(a, aExclusive, hi, hiExclusive));
        }

        if (lo is null || lo < 0)
        {
            // v = -u with u in (max(0, -hi) ..., -lo]; u > 0 strictly when 0 itself is covered above.
            var (a, aExclusive) = hi is null || hi >= 0 ? (0L, true) : (-hi.Value, hiExclusive);
            foreach (var m in Magnitude(a, aExclusive, lo is null ? null : -lo.Value, loExclusive))
            {
                parts.Add("\"-\" (" + m + ")");
            }
        }

        return parts.Count == 0
            ? throw SchemaGrammarBuilder.Unsatisfiable("no number lies between the bounds", "$")
            : string.Join(" | ", parts);
    }

    /// <summary>Non-negative numbers u with a &lt;(=) u &lt;(=) b.</summary>
    private static List<string> Magnitude(long a, bool aExclusive, long? b, bool bExclusive)
    {
        var parts = new List<string>();
        var freeLo = aExclusive ? a + 1 : a;
        long? freeHi = b is null ? null : b.Value - 1;
        if (freeHi is null || freeLo <= freeHi)
        {
            parts.Add("(" + DigitRangeGrammar.NonNegative(freeLo, freeHi) + ") " + AnyFraction);
        }

        if (aExclusive && (b is null || a < b))
        {
            parts.Add("(" + DigitRangeGrammar.NonNegative(a, a) + ") " + NonZeroFraction);
        }

        if (b is not null && !bExclusive && b >= a && !(aExclusive && a == b))
        {
            parts.Add("(" + DigitRangeGrammar.NonNegative(b.Value, b.Value) + ") " + ZeroFraction);
        }

        return parts;
    }
}
