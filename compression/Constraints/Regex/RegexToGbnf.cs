using Compressor.Constraints.Gbnf;

namespace Compressor.Constraints.Regex;

/// <summary>
/// Converts the regular subset of regex syntax to GBNF. Lazy quantifiers are accepted as greedy
/// (same language); backreferences, lookaround, atomic groups, possessive quantifiers,
/// conditionals, word boundaries and Unicode categories are a 400 naming the feature and position.
/// </summary>
public static class RegexToGbnf
{
    public const int MaxPatternLength = 10_000;

    /// <summary>A full grammar (<c>root ::= ...</c>) whose language is the strings the pattern matches in full.</summary>
    public static string Convert(string pattern, GbnfLimits? limits = null)
    {
        var body = ConvertExpression(pattern, jsonString: false, search: false, target: "regex", limits);
        var grammar = "root ::= " + GbnfWriter.WriteBody(body) + "\n";
        _ = GbnfParser.Parse(grammar, limits); // enforces size and repetition bounds on the result
        return grammar;
    }

    /// <summary>
    /// The pattern as a GBNF expression. <paramref name="jsonString"/> describes the JSON-escaped
    /// content of a string; <paramref name="search"/> gives JSON Schema's unanchored semantics
    /// (a side without <c>^</c>/<c>$</c> may have anything before/after the match).
    /// </summary>
    public static GbnfNode ConvertExpression(string pattern, bool jsonString, bool search, string target, GbnfLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        limits ??= GbnfLimits.Default;
        if (pattern.Length > MaxPatternLength)
        {
            throw Compressor.Compression.Errors.CompressorException.BadRequest(
                "unsupported_regex", $"The pattern has {pattern.Length} characters; the limit is {MaxPatternLength}.", target);
        }

        var parser = new RegexParser(pattern, jsonString, target, limits.MaxRepetition);
        var alternatives = new List<GbnfNode>();
        GbnfNode anyChar = jsonString ? JsonText.AnyChar : GbnfCharClass.Any;
        foreach (var (body, atStart, atEnd) in parser.ParseTop())
        {
            var items = new List<GbnfNode>();
            if (search && !atStart)
            {
                items.Add(new GbnfRepeat(anyChar, 0, null));
            }

            items.Add(NullableRepeatRewriter.Rewrite(body));
            if (search && !atEnd)
            {
                items.Add(new GbnfRepeat(anyChar, 0, null));
            }

            alternatives.Add(items.Count == 1 ? items[0] : new GbnfSequence(items));
        }

        return alternatives.Count == 1 ? alternatives[0] : new GbnfAlternation(alternatives);
    }
}
