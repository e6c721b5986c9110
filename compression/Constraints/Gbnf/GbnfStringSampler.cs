using System.Text;
namespace Compressor.Constraints.Gbnf;

/// <summary>
/// Random strings of a grammar's language, no model involved: random choices, short repetitions,
/// depth-bounded recursion (deep down the first, usually simplest, alternatives). Used to check that a
/// converted schema's grammar only produces valid instances (tests, and the coverage benchmark).
/// Returns fewer than <c>count</c> strings when the bounds cut every attempt short.
/// </summary>
public static class GbnfStringSampler
{
    public static List<string> Generate(GbnfGrammar grammar, Random rng, int count)
    {
        ArgumentNullException.ThrowIfNull(grammar);
        ArgumentNullException.ThrowIfNull(rng);
        var result = new List<string>();
        for (var attempt = 0; result.Count < count && attempt < count * 5; attempt++)
        {
            var sb = new StringBuilder();
            if (Emit(grammar, grammar.Root.Body, rng, sb, 0))
            {
                result.Add(sb.ToString());
            }
        }

        return result;
    }

    private static bool Emit(GbnfGrammar g, GbnfNode node, Random rng, StringBuilder sb, int depth)
    {
        if (depth > 60 || sb.Length > 4000)
        {
            return false;
        }

        switch (node)
        {
            case GbnfLiteral literal:
                sb.Append(literal.Text);
                return true;
            case GbnfCharClass cls:
                for (var tries = 0; tries < 200; tries++)
                {
                    var cp = !cls.Negated && cls.Ranges.Count > 0
                        ? PickFrom(cls.Ranges[rng.Next(cls.Ranges.Count)], rng)
                        : rng.Next(0x20, 0x7F);
                    if (cls.Matches(cp))
                    {
                        sb.Append(char.ConvertFromUtf32(cp));
                        return true;
                    }
                }

                return false;
            case GbnfRuleRef reference:
                return Emit(g, g.RulesByName[reference.Name].Body, rng, sb, depth + 1);
            case GbnfSequence sequence:
                return sequence.Items.All(item => Emit(g, item, rng, sb, depth + 1));
            case GbnfAlternation alternation:
                // Deep down, prefer the first alternatives (usually the simple ones) to terminate.
                var pick = depth > 20 ? rng.Next(Math.Min(2, alternation.Alternatives.Count)) : rng.Next(alternation.Alternatives.Count);
                var mark = sb.Length;
                if (Emit(g, alternation.Alternatives[pick], rng, sb, depth + 1))
                {
                    return true;
                }

                sb.Length = mark;
                return Emit(g, alternation.Alternatives[0], rng, sb, depth + 1);
            case GbnfRepeat repeat:
                var upper = Math.Min(repeat.Max ?? repeat.Min + 3, repeat.Min + (depth > 20 ? 0 : 3));
                var n = rng.Next(repeat.Min, upper + 1);
                for (var i = 0; i < n; i++)
                {
                    if (!Emit(g, repeat.Item, rng, sb, depth + 1))
                    {
                        return false;
                    }
                }

                return true;
            default:
                return false;
        }
    }

    private static int PickFrom(GbnfCharRange range, Random rng)
    {
        var hi = Math.Min(range.High, range.Low + 200);
        var cp = rng.Next(range.Low, hi + 1);
        return cp is >= 0xD800 and <= 0xDFFF ? 'a' : cp;
    }
}
