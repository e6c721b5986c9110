using Compressor.Constraints.Gbnf;

namespace Compressor.Constraints.Regex;

/// <summary>Range-set arithmetic over code points for regex classes.</summary>
internal static class CharRanges
{
    public const int MaxCodePoint = 0x10FFFF;

    public static readonly GbnfCharRange[] Digit = [new('0', '9')];
    public static readonly GbnfCharRange[] Word = [new('0', '9'), new('A', 'Z'), new('_', '_'), new('a', 'z')];
    public static readonly GbnfCharRange[] Space = [new('\t', '\r'), new(' ', ' ')];

    /// <summary>Characters a JSON string cannot hold raw (quote, backslash, controls).</summary>
    public static readonly GbnfCharRange[] JsonUnsafe = [new(0, 0x1F), new('"', '"'), new('\\', '\\'), new(0x7F, 0x7F)];

    public static List<GbnfCharRange> Normalize(IEnumerable<GbnfCharRange> ranges)
    {
        var sorted = ranges.OrderBy(r => r.Low).ToList();
        var merged = new List<GbnfCharRange>();
        foreach (var r in sorted)
        {
            if (merged.Count > 0 && r.Low <= merged[^1].High + 1)
            {
                merged[^1] = new GbnfCharRange(merged[^1].Low, Math.Max(merged[^1].High, r.High));
            }
            else
            {
                merged.Add(r);
            }
        }

        return merged;
    }

    public static List<GbnfCharRange> Complement(IEnumerable<GbnfCharRange> ranges)
    {
        var result = new List<GbnfCharRange>();
        var next = 0;
        foreach (var r in Normalize(ranges))
        {
            if (r.Low > next)
            {
                result.Add(new GbnfCharRange(next, r.Low - 1));
            }

            next = r.High + 1;
        }

        if (next <= MaxCodePoint)
        {
            result.Add(new GbnfCharRange(next, MaxCodePoint));
        }

        return result;
    }

    public static List<GbnfCharRange> Subtract(IEnumerable<GbnfCharRange> ranges, IEnumerable<GbnfCharRange> removed)
    {
        var keep = Complement(removed);
        var result = new List<GbnfCharRange>();
        foreach (var r in Normalize(ranges))
        {
            foreach (var k in keep)
            {
                var low = Math.Max(r.Low, k.Low);
                var high = Math.Min(r.High, k.High);
                if (low <= high)
                {
                    result.Add(new GbnfCharRange(low, high));
                }
            }
        }

        return result;
    }
}
