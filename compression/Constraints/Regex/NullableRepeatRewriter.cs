using Compressor.Constraints.Gbnf;

namespace Compressor.Constraints.Regex;

/// <summary>
/// Rewrites repetitions of expressions that can match the empty string, such as <c>(a*)*</c>, into
/// repetitions of their non-empty part (<c>(a+)*</c>): same language, but no nullable loop for
/// llama.cpp's grammar engine to spin on. Uses X{m,n} = (X \ {""}){0,n} when "" is in X, and
/// AB \ {""} = (A \ {""}) B | (B \ {""}) when A is nullable.
/// </summary>
internal static class NullableRepeatRewriter
{
    public static GbnfNode Rewrite(GbnfNode node)
    {
        switch (node)
        {
            case GbnfSequence sequence:
                return new GbnfSequence(sequence.Items.Select(Rewrite).ToList());
            case GbnfAlternation alternation:
                return new GbnfAlternation(alternation.Alternatives.Select(Rewrite).ToList());
            case GbnfRepeat repeat:
                var item = Rewrite(repeat.Item);
                if (!IsNullable(item))
                {
                    return new GbnfRepeat(item, repeat.Min, repeat.Max);
                }

                var nonEmpty = NonEmpty(item);
                return nonEmpty is null || repeat.Max == 0 ? GbnfSequence.Empty : new GbnfRepeat(Group(nonEmpty), 0, repeat.Max);
            default:
                return node;
        }
    }

    public static bool IsNullable(GbnfNode node) => node switch
    {
        GbnfLiteral literal => literal.Text.Length == 0,
        GbnfSequence sequence => sequence.Items.All(IsNullable),
        GbnfAlternation alternation => alternation.Alternatives.Any(IsNullable),
        GbnfRepeat repeat => repeat.Min == 0 || IsNullable(repeat.Item),
        _ => false,
    };

    /// <summary>The same language without the empty string; null when only the empty string is left.</summary>
    private static GbnfNode? NonEmpty(GbnfNode node)
    {
        if (!IsNullable(node))
        {
            return node;
        }

        switch (node)
        {
            case GbnfSequence sequence:
                var alternatives = new List<GbnfNode>();
                for (var i = 0; i < sequence.Items.Count; i++)
                {
                    if (NonEmpty(sequence.Items[i]) is { } head)
                    {
                        alternatives.Add(new GbnfSequence([Group(head), .. sequence.Items.Skip(i + 1)]));
                    }
                }

                return Alternatives(alternatives);
            case GbnfAlternation alternation:
                return Alternatives(alternation.Alternatives.Select(NonEmpty).OfType<GbnfNode>().ToList());
            case GbnfRepeat repeat:
                // Items are non-nullable after Rewrite, so at least one copy is the non-empty part.
                return repeat.Max == 0 ? null : new GbnfRepeat(repeat.Item, Math.Max(1, repeat.Min), repeat.Max);
            default:
                return null;
        }
    }

    private static GbnfNode? Alternatives(List<GbnfNode> alternatives) => alternatives.Count switch
    {
        0 => null,
        1 => alternatives[0],
        _ => new GbnfAlternation(alternatives),
    };

    private static GbnfNode Group(GbnfNode node) => node is GbnfRepeat ? new GbnfSequence([node]) : node;
}
