using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Compressor.Compression.Errors;
using Compressor.Constraints.Gbnf;
using Compressor.Constraints.Regex;

namespace Compressor.Constraints.JsonSchema;

/// <summary>Strings (lengths, pattern, formats) and numbers (bounds as digit grammars).</summary>
internal static class ScalarGrammar
{
    /// <summary>Decoded length bounds of every instance of the formats with a grammar (see <see cref="PrimitiveRules"/>).</summary>
    private static readonly Dictionary<string, (int Min, int Max)> FormatLengths = new(StringComparer.Ordinal)
    {
        ["date"] = (10, 10),
        ["time"] = (9, 24),
        ["date-time"] = (20, 35),
        ["uuid"] = (36, 36),
        ["email"] = (5, 640),
        ["uri"] = (3, 2032),
        ["ipv4"] = (7, 15),
    };

    /// <summary>
    /// Strings. A format with length bounds is accepted when every instance of the format has an allowed
    /// length. A pattern with length bounds is intersected by <see cref="StringLengthGrammar"/> (a sound
    /// under-approximation). Excluded values (from <c>not: {enum}</c>) are avoided by generating only lengths
    /// none of the excluded strings has (up to three length ranges, the widest): also an under-approximation.
    /// </summary>
    public static string String(SchemaGrammarBuilder b, JsonObject schema, string path, string hint, NotConstraint? not = null)
    {
        var format = schema["format"] is JsonValue f && f.GetValueKind() == JsonValueKind.String ? f.GetValue<string>() : null;
        var known = format is not null && PrimitiveRules.Formats.Contains(format);
        var minLength = Count(schema, "minLength", path);
        var maxLength = Count(schema, "maxLength", path);
        var pattern = schema["pattern"] is JsonValue p && p.GetValueKind() == JsonValueKind.String ? p.GetValue<string>() : null;
        var patternPath = path + ".pattern";
        if (not?.Pattern is { } negated)
        {
            pattern = pattern is null
                ? negated
                : throw CompressorException.BadRequest("unsupported_schema_keyword", "'not: {pattern}' cannot be combined with 'pattern' in constraints.", path + ".not");
            patternPath = path + ".not.pattern";
        }

        var min = minLength ?? 0;
        if (maxLength < min)
        {
            throw SchemaGrammarBuilder.Unsatisfiable("maxLength is below minLength", path);
        }

        var excluded = (not?.ExcludedStrings ?? []).Where(x => (minLength is null || Length(x) >= min) && (maxLength is null || Length(x) <= maxLength)
            && (pattern is null || JsonSchemaValidator.Pattern(pattern).IsMatch(x)) && (!known || StringFormats.IsValid(format!, x))).ToList();

        if (known)
        {
            var keyword = pattern is not null ? "format" : excluded.Count > 0 ? "not"
                : minLength > FormatLengths[format!].Min ? "minLength" : maxLength < FormatLengths[format!].Max ? "maxLength" : null;
            if (keyword is not null)
            {
                throw CompressorException.BadRequest(
                    "unsupported_schema_keyword",
                    keyword == "not" ? "'not' cannot exclude values of a 'format' in constraints."
                        : $"'{keyword}' cannot be combined with {(pattern is not null ? "'pattern'" : "'format'")} in constraints.",
                    $"{path}.{keyword}");
            }

            return b.AddRule(hint, $"\"\\\"\" {b.Primitive(format!)} \"\\\"\"");
        }

        if (pattern is null && minLength is null && maxLength is null && excluded.Count == 0)
        {
            return b.Primitive("string");
        }

        var limit = GbnfLimits.Default.MaxRepetition;
        if (min > limit)
        {
            throw ObjectGrammar.TooMany("minLength", path, limit);
        }

        // Larger maxLength values are generated up to the repetition limit: a narrower language, so outputs stay valid.
        maxLength = maxLength > limit ? limit : maxLength;
        var intervals = Intervals(min, maxLength, excluded.Select(Length).ToHashSet());
        if (intervals.Count == 0)
        {
            throw SchemaGrammarBuilder.Unsatisfiable("'not' excludes every allowed length", path + ".not");
        }

        if (pattern is null)
        {
            b.Primitive("char");
            var parts = intervals.Select(i => i.Max is null
                ? string.Create(CultureInfo.InvariantCulture, $"char{{{i.Min},}}")
                : string.Create(CultureInfo.InvariantCulture, $"char{{{i.Min},{i.Max}}}"));
            return b.AddRule(hint, $"\"\\\"\" {(intervals.Count == 1 ? parts.First() : "(" + string.Join(" | ", parts) + ")")} \"\\\"\"");
        }

        var expression = RegexToGbnf.ConvertExpression(pattern, jsonString: true, search: true, target: patternPath);
        if (minLength is not null || maxLength is not null || excluded.Count > 0)
        {
            var constrained = intervals.Select(i => StringLengthGrammar.Constrain(expression, i.Min, i.Max)).OfType<GbnfNode>().Distinct().ToList();
            if (constrained.Count == 0)
            {
                var keyword = excluded.Count > 0 ? "not" : minLength is not null ? "minLength" : "maxLength";
                throw CompressorException.BadRequest(
                    "unsupported_schema_keyword", $"'{keyword}' cannot be combined with this 'pattern' in constraints.", $"{path}.{keyword}");
            }

            expression = constrained.Count == 1 ? constrained[0] : new GbnfAlternation(constrained);
        }

        return b.AddRule(hint, $"\"\\\"\" {GbnfWriter.WriteAtom(expression)} \"\\\"\"");
    }

    private static int Length(string value) => value.EnumerateRunes().Count();

    /// <summary>[min, max] without the given lengths, as at most three ranges (the widest).</summary>
    private static List<(int Min, int? Max)> Intervals(int min, int? max, HashSet<int> excluded)
    {
        var result = new List<(int Min, int? Max)>();
        var start = min;
        foreach (var x in excluded.Where(x => x >= min && (max is null || x <= max)).Order())
        {
            if (x > start)
            {
                result.Add((start, x - 1));
            }

            start = x + 1;
        }

        if (max is null || start <= max)
        {
            result.Add((start, max));
        }

        return result.OrderByDescending(i => i.Max is null ? long.MaxValue : (long)i.Max.Value - i.Min).Take(3).OrderBy(i => i.Min).ToList();
    }

    public static string Number(SchemaGrammarBuilder b, JsonObject schema, string path, bool integer)
    {
        var (lo, loExclusive) = Bound(schema, "minimum", "exclusiveMinimum", path, lower: true);
        var (hi, hiExclusive) = Bound(schema, "maximum", "exclusiveMaximum", path, lower: false);
        if (lo is null && hi is null)
        {
            return b.Primitive(integer ? "integer" : "number");
        }

        if (integer)
        {
            long? l = lo is null ? null : (long)(loExclusive ? Math.Floor(lo.Value) + 1 : Math.Ceiling(lo.Value));
            long? h = hi is null ? null : (long)(hiExclusive ? Math.Ceiling(hi.Value) - 1 : Math.Floor(hi.Value));
            return l > h
                ? throw SchemaGrammarBuilder.Unsatisfiable("no integer lies between the bounds", path)
                : b.AddRule("int-range", DigitRangeGrammar.Integer(l, h));
        }

        var keyword = lo is not null && lo != Math.Floor(lo.Value) ? "minimum" : hi is not null && hi != Math.Floor(hi.Value) ? "maximum" : null;
        if (keyword is not null)
        {
            throw CompressorException.BadRequest(
                "unsupported_schema_keyword", "Bounds on non-integer numbers must be whole numbers to be expressed in a grammar.", $"{path}.{keyword}");
        }

        return b.AddRule("num-range", NumberRangeGrammar.Build((long?)lo, loExclusive, (long?)hi, hiExclusive));
    }

    /// <summary>A bound from the inclusive keyword and its exclusive twin (2020-12 numbers or draft-4 booleans), the tighter one.</summary>
    private static (double? Value, bool Exclusive) Bound(JsonObject schema, string inclusive, string exclusive, string path, bool lower)
    {
        double? value = Numeric(schema, inclusive, path);
        var isExclusive = false;
        switch (schema[exclusive])
        {
            case JsonValue v when v.TryGetValue<bool>(out var flag):
                isExclusive = flag && value is not null;
                break;
            case not null:
                var e = Numeric(schema, exclusive, path)!.Value;
                if (value is null || (lower ? e >= value : e <= value))
                {
                    (value, isExclusive) = (e, true);
                }

                break;
        }

        if (value is { } x && Math.Abs(x) > 1e15)
        {
            throw CompressorException.BadRequest("unsupported_schema_keyword", "Numeric bounds beyond 1e15 are not supported.", $"{path}.{inclusive}");
        }

        return (value, isExclusive);
    }

    private static double? Numeric(JsonObject schema, string keyword, string path) => schema[keyword] switch
    {
        null => null,
        JsonValue v when v.TryGetValue<double>(out var d) => d,
        _ => throw CompressorException.BadRequest("invalid_schema", $"'{keyword}' must be a number.", $"{path}.{keyword}"),
    };

    public static int? Count(JsonObject schema, string keyword, string path) => schema[keyword] switch
    {
        null => null,
        JsonValue v when v.TryGetValue<double>(out var d) && d >= 0 && d == Math.Floor(d) => d > int.MaxValue ? int.MaxValue : (int)d,
        _ => throw CompressorException.BadRequest("invalid_schema", $"'{keyword}' must be a non-negative integer.", $"{path}.{keyword}"),
    };
}
