using Compressor.Constraints.Gbnf;
using Compressor.Constraints.Regex;

namespace Compressor.Constraints.JsonSchema;

/// <summary>
/// Intersects a pattern's grammar (JSON string content, as built by <see cref="RegexToGbnf"/>) with length
/// bounds counted in decoded characters. In that grammar every regex character is a "unit" node matching one
/// decoded character (a raw character or a two-character escape), so lengths can be read off the tree.
/// <see cref="Constrain"/> returns a sub-language whose every string has a length within the bounds: a
/// concatenation's bounds are split among its parts, repetition counts are narrowed, alternatives that
/// cannot fit are dropped. This is a sound under-approximation: some valid lengths of a part may never be
/// generated. <c>\uXXXX</c> escapes are limited to non-surrogates, so a unit is always exactly one character.
/// Unrecognised shapes give null (the caller refuses).
/// </summary>
internal static class StringLengthGrammar
{
    /// <summary>The decoded length range of a node; null when its shape is not understood. Max null = unbounded.</summary>
    public static (int Min, int? Max)? Range(GbnfNode node)
    {
        if (IsUnit(node))
        {
            return (1, 1);
        }

        switch (node)
        {
            case GbnfLiteral literal:
                return Units(literal.Text) is { } n ? (n, n) : null;
            case GbnfSequence sequence:
                long lo = 0;
                long? hi = 0;
                foreach (var item in sequence.Items)
                {
                    if (Range(item) is not { } r)
                    {
                        return null;
                    }

                    lo += r.Min;
                    hi = hi is null || r.Max is null ? null : hi + r.Max;
                }

                return (Clamp(lo), hi is null ? null : Clamp(hi.Value));
            case GbnfAlternation alternation:
                var ranges = alternation.Alternatives.Select(Range).ToList();
                return ranges.Any(r => r is null)
                    ? null
                    : (ranges.Min(r => r!.Value.Min), ranges.Any(r => r!.Value.Max is null) ? null : ranges.Max(r => r!.Value.Max));
            case GbnfRepeat repeat:
                if (Range(repeat.Item) is not { } ir)
                {
                    return null;
                }

                return (Clamp((long)ir.Min * repeat.Min), repeat.Max is null || ir.Max is null ? (ir.Max == 0 ? 0 : null) : Clamp((long)ir.Max.Value * repeat.Max.Value));
            default:
                return null;
        }
    }

    /// <summary>A sub-language of <paramref name="node"/> with every length in [min, max]; null when none is found.</summary>
    public static GbnfNode? Constrain(GbnfNode node, int min, int? max)
    {
        var result = ConstrainInner(node, min, max);
        return result is null ? null : WithoutSurrogates(result);
    }

    private static GbnfNode? ConstrainInner(GbnfNode node, int min, int? max)
    {
        if (Range(node) is not { } range)
        {
            return null;
        }

        if (range.Min >= min && (max is null || (range.Max is not null && range.Max <= max)))
        {
            return node;
        }

        if (range.Min > max || (range.Max is not null && range.Max < min))
        {
            return null;
        }

        switch (node)
        {
            case GbnfSequence sequence:
                return ConstrainSequence(sequence, min, max);
            case GbnfAlternation alternation:
                var kept = alternation.Alternatives.Select(a => ConstrainInner(a, min, max)).OfType<GbnfNode>().ToList();
                return kept.Count switch
                {
                    0 => null,
                    1 => kept[0],
                    _ => new GbnfAlternation(kept),
                };
            case GbnfRepeat repeat:
                return ConstrainRepeat(repeat, min, max);
            default:
                return null; // units and literals have one length, already outside the bounds
        }
    }

    private static GbnfSequence? ConstrainSequence(GbnfSequence sequence, int min, int? max)
    {
        var ranges = sequence.Items.Select(i => Range(i)!.Value).ToList();
        var lo = ranges.Select(r => r.Min).ToArray();
        var hi = ranges.Select(r => r.Max).ToArray();
        var n = lo.Length;
        if (max is not null)
        {
            // Give the room above the minimum lengths to the bounded variable parts in order, then share what
            // is left evenly among the unbounded ones (such as the "anything" around an unanchored pattern).
            var room = max.Value - lo.Sum();
            if (room < 0)
            {
                return null;
            }

            var newHi = (int[])lo.Clone();
            foreach (var i in Enumerable.Range(0, n).Where(i => hi[i] is not null))
            {
                var add = Math.Min(room, hi[i]!.Value - lo[i]);
                newHi[i] += add;
                room -= add;
            }

            var unbounded = Enumerable.Range(0, n).Where(i => hi[i] is null).ToList();
            var share = unbounded.Count == 0 ? 0 : room / unbounded.Count;
            foreach (var i in unbounded)
            {
                newHi[i] += share + (i == unbounded[0] ? room - (share * unbounded.Count) : 0);
            }

            hi = newHi.Select(h => (int?)h).ToArray();
        }

        // Raise minimum lengths until they add up to the minimum: unbounded parts first (their alternatives
        // stay intact), then the others in order.
        var deficit = min - lo.Sum();
        foreach (var i in Enumerable.Range(0, n).OrderBy(i => hi[i] is null ? 0 : 1))
        {
            var add = Math.Min(deficit, hi[i] is null ? deficit : hi[i]!.Value - lo[i]);
            lo[i] += add;
            deficit -= add;
        }

        if (deficit > 0)
        {
            return null;
        }

        var items = new List<GbnfNode>();
        for (var i = 0; i < n; i++)
        {
            if (ConstrainInner(sequence.Items[i], lo[i], hi[i]) is not { } item)
            {
                return null;
            }

            items.Add(item);
        }

        return new GbnfSequence(items);
    }

    private static GbnfNode? ConstrainRepeat(GbnfRepeat repeat, int min, int? max)
    {
        var (itemLo, itemHi) = Range(repeat.Item)!.Value;
        if (itemLo == 0)
        {
            return null; // nullable items were rewritten away; anything left is not understood
        }

        var countLo = Math.Max(repeat.Min, (min + itemLo - 1) / itemLo);
        var item = repeat.Item;
        if (max is not null && (itemHi is null || itemHi.Value * (long)Math.Max(1, countLo) > max.Value))
        {
            // Narrow the item so that countLo copies fit; when none fit but none are needed, the repetition is empty.
            var cap = max.Value / Math.Max(1, countLo);
            if (cap < itemLo || ConstrainInner(item, itemLo, cap) is not { } narrowed)
            {
                return countLo == 0 ? GbnfSequence.Empty : null;
            }

            item = narrowed;
            itemHi = cap;
        }

        int? countHi = max is null || itemHi is null ? repeat.Max : Math.Min(repeat.Max ?? int.MaxValue, max.Value / itemHi.Value);
        if (countHi < countLo)
        {
            return null;
        }

        if (countHi == 0)
        {
            return GbnfSequence.Empty;
        }

        countHi = countHi > GbnfLimits.Default.MaxRepetition ? Math.Max(countLo, GbnfLimits.Default.MaxRepetition) : countHi;
        return countLo > GbnfLimits.Default.MaxRepetition ? null : new GbnfRepeat(item is GbnfRepeat ? new GbnfSequence([item]) : item, countLo, countHi);
    }

    /// <summary>Whether the node matches exactly one decoded character.</summary>
    private static bool IsUnit(GbnfNode node) => node switch
    {
        GbnfCharClass => true,
        GbnfLiteral literal => Units(literal.Text) == 1,
        GbnfAlternation alternation => alternation.Equals(JsonText.AnyChar)
            || alternation.Alternatives.All(a => a is GbnfCharClass || (a is GbnfLiteral l && Units(l.Text) == 1)),
        _ => false,
    };

    /// <summary>The number of decoded characters of JSON string text; null when it is not whole escapes.</summary>
    private static int? Units(string text)
    {
        var n = 0;
        for (var i = 0; i < text.Length; n++)
        {
            if (text[i] == '\\')
            {
                if (i + 1 >= text.Length)
                {
                    return null;
                }

                if (text[i + 1] == 'u')
                {
                    if (i + 6 > text.Length || text.AsSpan(i + 2, 4) is var hex && (hex[0] is 'd' or 'D') && hex[1] is >= '8' and <= '9' or >= 'a' and <= 'f' or >= 'A' and <= 'F')
                    {
                        return null; // surrogate escapes pair up into one character
                    }

                    i += 6;
                }
                else
                {
                    i += 2;
                }
            }
            else
            {
                i += char.IsSurrogatePair(text, i) ? 2 : 1;
            }
        }

        return n;
    }

    private static GbnfNode WithoutSurrogates(GbnfNode node) => node switch
    {
        GbnfAlternation a when a.Equals(JsonText.AnyChar) => a, // already without surrogate escapes
        GbnfAlternation a => new GbnfAlternation(a.Alternatives.Select(WithoutSurrogates).ToList()),
        GbnfSequence s => new GbnfSequence(s.Items.Select(WithoutSurrogates).ToList()),
        GbnfRepeat r => new GbnfRepeat(WithoutSurrogates(r.Item), r.Min, r.Max),
        _ => node,
    };

    private static int Clamp(long value) => (int)Math.Min(value, int.MaxValue / 4);
}
