using System.Globalization;
using System.Text.Json.Nodes;
using Compressor.Compression.Errors;
using Compressor.Constraints.Gbnf;

namespace Compressor.Constraints.JsonSchema;

/// <summary>Arrays: prefixItems (or draft-7 tuple items) position by position, then items, within min/maxItems.</summary>
internal static class ArrayGrammar
{
    public static string Build(SchemaGrammarBuilder b, JsonObject schema, string path, string hint, int depth)
    {
        var tuple = schema["prefixItems"] as JsonArray ?? schema["items"] as JsonArray;
        var tupleKey = schema["prefixItems"] is JsonArray ? "prefixItems" : "items";
        var restSchema = schema["prefixItems"] is JsonArray ? schema["items"] : schema["items"] is JsonArray ? schema["additionalItems"] : schema["items"];
        var restKey = schema["prefixItems"] is JsonArray ? "items" : schema["items"] is JsonArray ? "additionalItems" : "items";
        var prefix = new List<string>();
        for (var i = 0; tuple is not null && i < tuple.Count; i++)
        {
            prefix.Add(b.Visit(tuple[i], $"{path}.{tupleKey}[{i}]", $"{hint}-{i}", depth + 1));
        }

        string? item = restSchema switch
        {
            null => b.Primitive("value"),
            JsonValue v when v.TryGetValue<bool>(out var allowed) => allowed ? b.Primitive("value") : null,
            var s => b.TryVisit(s, $"{path}.{restKey}", hint + "-item", depth + 1),
        };
        var min = ScalarGrammar.Count(schema, "minItems", path) ?? 0;
        var max = ScalarGrammar.Count(schema, "maxItems", path);
        var limit = GbnfLimits.Default.MaxRepetition;
        if (min > limit)
        {
            throw ObjectGrammar.TooMany("minItems", path, limit);
        }

        // As for maxLength: beyond the repetition limit, generate at most the limit (still valid output).
        max = max > limit ? Math.Max(limit, min) : max;

        // uniqueItems: arrays of at most one item are always unique, so with minItems <= 1 only those are
        // generated (a sound under-approximation); longer arrays would need distinct items, which a grammar
        // cannot track, so minItems >= 2 is refused.
        if (schema["uniqueItems"] is JsonValue u && u.TryGetValue<bool>(out var unique) && unique && !(max <= 1))
        {
            max = min <= 1
                ? 1
                : throw CompressorException.BadRequest(
                    "unsupported_schema_keyword", "'uniqueItems' with minItems of 2 or more is not supported in constraints.", path + ".uniqueItems");
        }

        if (max < min || (item is null && min > prefix.Count))
        {
            throw SchemaGrammarBuilder.Unsatisfiable("no array length satisfies minItems/maxItems and the item schemas", path);
        }

        b.Primitive("ws");
        var elements = From(0, prefix, item, min, max);
        var body = elements is null ? "\"[\" ws \"]\"" : min == 0 ? $"\"[\" ws ({elements} ws)? \"]\"" : $"\"[\" ws {elements} ws \"]\"";
        return b.AddRule(hint, body);
    }

    /// <summary>Elements from position i on, given there is at least one; null when none may follow.</summary>
    private static string? From(int i, List<string> prefix, string? item, int min, int? max)
    {
        if (i >= max)
        {
            return null;
        }

        if (i >= prefix.Count)
        {
            if (item is null)
            {
                return null;
            }

            var more = Math.Max(0, min - i - 1);
            var moreMax = max - i - 1;
            if (moreMax == 0)
            {
                return item;
            }

            var quantifier = (more, moreMax) switch
            {
                (0, null) => "*",
                (1, null) => "+",
                (var m, null) => string.Create(CultureInfo.InvariantCulture, $"{{{m},}}"),
                (var m, var n) when m == n => string.Create(CultureInfo.InvariantCulture, $"{{{m}}}"),
                (var m, var n) => string.Create(CultureInfo.InvariantCulture, $"{{{m},{n}}}"),
            };
            return $"{item} (ws \",\" ws {item}){quantifier}";
        }

        var next = From(i + 1, prefix, item, min, max);
        return next is null ? prefix[i] : i + 1 >= min ? $"{prefix[i]} (ws \",\" ws {next})?" : $"{prefix[i]} ws \",\" ws {next}";
    }
}
