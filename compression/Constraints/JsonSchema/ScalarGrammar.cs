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
    public static string String(SchemaGrammarBuilder b, JsonObject schema, string path, string hint)
    {
        var format = schema["format"] is JsonValue f && f.GetValueKind() == JsonValueKind.String ? f.GetValue<string>() : null;
        var known = format is not null && PrimitiveRules.Formats.Contains(format);
        var minLength = Count(schema, "minLength", path);
        var maxLength = Count(schema, "maxLength", path);
        var pattern = schema["pattern"] is JsonValue p && p.GetValueKind() == JsonValueKind.String ? p.GetValue<string>() : null;
        var constraints = (known ? 1 : 0) + (pattern is null ? 0 : 1) + (minLength is null && maxLength is null ? 0 : 1);
        if (constraints > 1)
        {
            var keyword = pattern is not null && known ? "format" : minLength is not null ? "minLength" : "maxLength";
            throw CompressorException.BadRequest(
                "unsupported_schema_keyword",
                $"'{keyword}' cannot be combined with {(pattern is not null ? "'pattern'" : "'format'")} in constraints.",
                $"{path}.{keyword}");
        }

        if (known)
        {
            return b.AddRule(hint, $"\"\\\"\" {b.Primitive(format!)} \"\\\"\"");
        }

        if (pattern is not null)
        {
            var expression = RegexToGbnf.ConvertExpression(pattern, jsonString: true, search: true, target: path + ".pattern");
            return b.AddRule(hint, $"\"\\\"\" {GbnfWriter.WriteAtom(expression)} \"\\\"\"");
        }

        if (minLength is null && maxLength is null)
        {
            return b.Primitive("string");
        }

        var min = minLength ?? 0;
        var limit = GbnfLimits.Default.MaxRepetition;
        if (min > limit)
        {
            throw ObjectGrammar.TooMany("minLength", path, limit);
        }

        // Larger maxLength values are generated up to the repetition limit: a narrower language, so outputs stay valid.
        maxLength = maxLength > limit ? limit : maxLength;

        if (maxLength < min)
        {
            throw SchemaGrammarBuilder.Unsatisfiable("maxLength is below minLength", path);
        }

        b.Primitive("char");
        var quantifier = maxLength is null
            ? string.Create(CultureInfo.InvariantCulture, $"{{{min},}}")
            : string.Create(CultureInfo.InvariantCulture, $"{{{min},{maxLength}}}");
        return b.AddRule(hint, $"\"\\\"\" char{quantifier} \"\\\"\"");
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
