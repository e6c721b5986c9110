using Compressor.Constraints.Gbnf;

namespace Compressor.Constraints.Regex;

/// <summary>
/// Maps a set of characters to the JSON string text that encodes them: safe characters raw, and
/// quote, backslash, newline, tab and carriage return as their two-character escapes.
/// </summary>
internal static class JsonText
{
    private static readonly (int Char, string Escape)[] Escapes =
    [
        ('"', "\\\""), ('\\', "\\\\"), ('\n', "\\n"), ('\t', "\\t"), ('\r', "\\r"),
    ];

    public static GbnfNode? ForClass(List<GbnfCharRange> ranges, bool negated)
    {
        var probe = new GbnfCharClass(ranges, negated);
        var alternatives = new List<GbnfNode>();
        var raw = negated
            ? new GbnfCharClass(CharRanges.Normalize(ranges.Concat(CharRanges.JsonUnsafe)), true)
            : new GbnfCharClass(CharRanges.Subtract(ranges, CharRanges.JsonUnsafe), false);
        if (raw.Negated || raw.Ranges.Count > 0)
        {
            alternatives.Add(raw.Ranges is [var only] && only.Low == only.High && !raw.Negated
                ? new GbnfLiteral(char.ConvertFromUtf32(only.Low))
                : raw);
        }

        foreach (var (c, escape) in Escapes)
        {
            if (probe.Matches(c))
            {
                alternatives.Add(new GbnfLiteral(escape));
            }
        }

        return alternatives.Count switch
        {
            0 => null,
            1 => alternatives[0],
            _ => new GbnfAlternation(alternatives),
        };
    }

    private static readonly GbnfCharClass Hex = new([new('0', '9'), new('A', 'F'), new('a', 'f')], false);

    /// <summary>
    /// The four hex digits of a \u escape outside the surrogates (D800-DFFF): a lone surrogate is not a
    /// character (parsers reject it) and a pair would count as two; as in the string rule of JSON.
    /// </summary>
    private static readonly GbnfNode NonSurrogateHex = new GbnfAlternation(
    [
        new GbnfSequence([new GbnfCharClass([new('0', '9'), new('A', 'C'), new('a', 'c'), new('E', 'F'), new('e', 'f')], false), new GbnfRepeat(Hex, 3, 3)]),
        new GbnfSequence([new GbnfCharClass([new('D', 'D'), new('d', 'd')], false), new GbnfCharClass([new('0', '7')], false), new GbnfRepeat(Hex, 2, 2)]),
    ]);

    /// <summary>Any character of a JSON string's content, including every escape form but surrogate escapes.</summary>
    public static GbnfNode AnyChar { get; } = new GbnfAlternation(
    [
        new GbnfCharClass(CharRanges.JsonUnsafe, true),
        new GbnfSequence(
        [
            new GbnfLiteral("\\"),
            new GbnfAlternation(
            [
                new GbnfCharClass([new('"', '"'), new('/', '/'), new('\\', '\\'), new('b', 'b'), new('f', 'f'), new('n', 'n'), new('r', 'r'), new('t', 't')], false),
                new GbnfSequence([new GbnfLiteral("u"), NonSurrogateHex]),
            ]),
        ]),
    ]);
}
