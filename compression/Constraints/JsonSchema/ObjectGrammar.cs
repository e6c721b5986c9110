using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Compressor.Compression.Errors;
using Compressor.Constraints.Gbnf;

namespace Compressor.Constraints.JsonSchema;

/// <summary>
/// Objects: required properties first in schema order, then each optional property optionally, then
/// (unless additionalProperties is false) extra members. Built right to left with "rest" rules
/// (comma-led tails) and "first" rules (the first member), so size stays linear. With minProperties or
/// maxProperties the tails also carry the number of members emitted so far (capped where it no longer
/// matters), which counts exactly; extra members are assumed to have distinct names that differ from the
/// declared ones (the output validator checks that). Which properties are always or never emitted is
/// decided first by <see cref="ObjectPlan"/> (dependencies, not-required, propertyNames).
/// </summary>
internal static class ObjectGrammar
{
    private const int MaxCountStates = 4_000;

    public static string Build(SchemaGrammarBuilder b, JsonObject schema, string path, string hint, int depth, NotConstraint? not = null)
    {
        var plan = ObjectPlan.Create(b, schema, path, not);
        var properties = plan.Properties;
        var required = new List<string>();
        foreach (var name in plan.Required)
        {
            string value;
            if (properties.TryGetPropertyValue(name, out var propertySchema))
            {
                if (ObjectPlan.IsFalse(propertySchema))
                {
                    throw SchemaGrammarBuilder.Unsatisfiable($"property '{name}' is required but its schema is false", $"{path}.properties.{name}");
                }

                value = b.Visit(Declared(schema, name, propertySchema), $"{path}.properties.{name}", $"{hint}-{name}", depth + 1);
            }
            else
            {
                value = UndeclaredValue(b, schema, name, path, hint, depth)
                    ?? throw SchemaGrammarBuilder.Unsatisfiable($"property '{name}' is required but additionalProperties is false", path + ".required");
            }

            required.Add(Member(name, value));
        }

        var optional = new List<string>();
        foreach (var (name, propertySchema) in properties)
        {
            if (plan.Required.Contains(name) || plan.Forbidden.Contains(name) || ObjectPlan.IsFalse(propertySchema))
            {
                continue;
            }

            if (b.TryVisit(Declared(schema, name, propertySchema), $"{path}.properties.{name}", $"{hint}-{name}", depth + 1) is { } value)
            {
                optional.Add(Member(name, value));
            }
        }

        var extra = ExtraMember(b, schema, path, hint, depth);
        var min = ScalarGrammar.Count(schema, "minProperties", path) ?? 0;
        var max = ScalarGrammar.Count(schema, "maxProperties", path);
        if (max < required.Count || max < min)
        {
            throw SchemaGrammarBuilder.Unsatisfiable("maxProperties is below minProperties or the number of required properties", path + ".maxProperties");
        }

        var limit = GbnfLimits.Default.MaxRepetition;
        if (extra is null && max >= required.Count + optional.Count)
        {
            max = null; // no member choice can exceed it
        }

        if (min > limit || max > limit)
        {
            throw TooMany(min > limit ? "minProperties" : "maxProperties", path, limit);
        }

        var states = (long)(optional.Count + 1) * ((max ?? Math.Max(min, 1)) + 1);
        if (states > MaxCountStates)
        {
            throw CompressorException.BadRequest(
                "schema_too_large", "Counting the object's members for min/maxProperties needs too many grammar rules.", path + (max is null ? ".minProperties" : ".maxProperties"));
        }

        b.Primitive("ws");
        var chain = new Chain(b, hint, optional, extra, min, max);
        string body;
        if (required.Count > 0)
        {
            var tail = chain.Rest(0, required.Count) ?? throw MinUnreachable(path);
            body = "\"{\" ws " + string.Join(" ws \",\" ws ", required) + Chain.Then(tail) + " ws \"}\"";
        }
        else
        {
            var (nonEmpty, emptyOk) = chain.First(0);
            body = nonEmpty is null
                ? (emptyOk ? "\"{\" ws \"}\"" : throw MinUnreachable(path))
                : emptyOk ? $"\"{{\" ws ({nonEmpty} ws)? \"}}\"" : $"\"{{\" ws {nonEmpty} ws \"}}\"";
        }

        return b.AddRule(hint, body);
    }

    /// <summary>
    /// The member sequences after the required ones. <c>Rest(i, c)</c>: optional members from index i on and
    /// then extras, each comma-led, after c members; "" when only the empty tail fits, null when nothing does.
    /// <c>First(i)</c>: the same with nothing emitted yet (no leading comma), as a non-empty part plus whether
    /// emitting nothing is allowed.
    /// </summary>
    private sealed class Chain(SchemaGrammarBuilder b, string hint, List<string> optional, string? extra, int min, int? max)
    {
        private readonly Dictionary<(int, int), string?> _rest = [];
        private readonly Dictionary<int, (string?, bool)> _first = [];

        public static string Then(string tail) => tail.Length == 0 ? string.Empty : " " + tail;

        /// <summary>Counts above what min/maxProperties can tell apart are the same state.</summary>
        private int Norm(int c) => max is null ? Math.Min(c, Math.Max(min, 1)) : c;

        public string? Rest(int i, int c)
        {
            c = Norm(c);
            if (_rest.TryGetValue((i, c), out var cached))
            {
                return cached;
            }

            string? result;
            if (i == optional.Count)
            {
                result = Extras(c);
            }
            else
            {
                var skip = Rest(i + 1, c);
                var takeTail = c + 1 <= (max ?? int.MaxValue) ? Rest(i + 1, c + 1) : null;
                var member = optional[i];
                result = (takeTail, skip) switch
                {
                    (null, var s) => s,
                    (var t, null) => b.AddRule($"{hint}-rest{i}", $"ws \",\" ws {member}{Then(t)}"),
                    var (t, s) when t == s => b.AddRule($"{hint}-rest{i}", $"(ws \",\" ws {member})?{Then(s)}"),
                    (var t, "") => b.AddRule($"{hint}-rest{i}", $"(ws \",\" ws {member}{Then(t)})?"),
                    var (t, s) => b.AddRule($"{hint}-rest{i}", $"ws \",\" ws {member}{Then(t)} | {s}"),
                };
            }

            _rest[(i, c)] = result;
            return result;
        }

        private string? Extras(int c)
        {
            var lo = Math.Max(0, min - c);
            var hi = max - c;
            if (extra is null || hi == 0)
            {
                return lo == 0 ? string.Empty : null;
            }

            return b.AddRule(hint + "-extra", $"(ws \",\" ws {extra}){Quantifier(lo, hi)}");
        }

        public (string? NonEmpty, bool EmptyOk) First(int i)
        {
            if (_first.TryGetValue(i, out var cached))
            {
                return cached;
            }

            (string?, bool) result;
            if (i == optional.Count)
            {
                var emptyOk = min == 0;
                if (extra is null || max == 0)
                {
                    result = (null, emptyOk);
                }
                else
                {
                    var more = max - 1 == 0 ? string.Empty : " " + b.AddRule(hint + "-extra", $"(ws \",\" ws {extra}){Quantifier(Math.Max(0, min - 1), max - 1)}");
                    result = (b.AddRule(hint + "-extra-first", extra + more), emptyOk);
                }
            }
            else
            {
                var takeTail = max is null || max >= 1 ? Rest(i + 1, 1) : null;
                var take = takeTail is null ? null : optional[i] + Then(takeTail);
                var (skip, emptyOk) = First(i + 1);
                var nonEmpty = (take, skip) switch
                {
                    (null, var s) => s,
                    (var t, null) => b.AddRule($"{hint}-first{i}", t),
                    var (t, s) => b.AddRule($"{hint}-first{i}", $"{t} | {s}"),
                };
                result = (nonEmpty, emptyOk);
            }

            _first[i] = result;
            return result;
        }

        private static string Quantifier(int lo, int? hi) => (lo, hi) switch
        {
            (0, null) => "*",
            (1, null) => "+",
            (0, 1) => "?",
            (var m, null) => string.Create(CultureInfo.InvariantCulture, $"{{{m},}}"),
            var (m, n) when m == n => string.Create(CultureInfo.InvariantCulture, $"{{{m}}}"),
            var (m, n) => string.Create(CultureInfo.InvariantCulture, $"{{{m},{n}}}"),
        };
    }

    /// <summary>
    /// Members not named in 'properties': a key matching a patternProperties regex with that schema's
    /// value, or (unless additionalProperties is false) any key with the additional value. Keys
    /// matching two patterns or a named property are over-approximated; the output validator decides.
    /// With propertyNames, additional keys follow its (string) schema; pattern keys cannot also be checked, so
    /// propertyNames with patternProperties is refused.
    /// </summary>
    private static string? ExtraMember(SchemaGrammarBuilder b, JsonObject schema, string path, string hint, int depth)
    {
        var alternatives = new List<string>();
        var patterns = schema["patternProperties"] as JsonObject ?? [];
        var names = schema["propertyNames"];
        if (names is not null && ObjectPlan.IsFalse(names))
        {
            return null;
        }

        var namesAssert = names is JsonObject no && no.Any(kv => !SchemaKeywords.IsAnnotation(kv.Key));
        foreach (var (pattern, patternSchema) in patterns)
        {
            if (namesAssert)
            {
                throw CompressorException.BadRequest(
                    "unsupported_schema_keyword", "'propertyNames' cannot be combined with 'patternProperties' in constraints.", path + ".propertyNames");
            }

            if (ObjectPlan.IsFalse(patternSchema))
            {
                continue;
            }

            var key = Regex.RegexToGbnf.ConvertExpression(pattern, jsonString: true, search: true, target: $"{path}.patternProperties");
            if (b.TryVisit(patternSchema, $"{path}.patternProperties.{pattern}", hint + "-pattern", depth + 1) is not { } value)
            {
                continue;
            }

            alternatives.Add($"\"\\\"\" {GbnfWriter.WriteAtom(key)} \"\\\"\" ws \":\" ws {value}");
        }

        if (patterns.Any(kv => MatchesEveryName(kv.Key)))
        {
            // Every extra name matches that pattern, so additionalProperties never applies.
        }
        else if (AdditionalValue(b, schema, path, hint, depth) is { } additional)
        {
            var key = namesAssert
                ? b.Visit(SchemaMerger.Merge(names, new JsonObject { ["type"] = "string" }, path + ".propertyNames"), path + ".propertyNames", hint + "-key", depth + 1)
                : b.Primitive("string");
            alternatives.Add($"{key} ws \":\" ws {additional}");
        }

        return alternatives.Count switch
        {
            0 => null,
            1 => alternatives[0],
            _ => b.AddRule(hint + "-member", string.Join(" | ", alternatives)),
        };
    }

    /// <summary>The value of a required name 'properties' does not list: the matching patternProperties schemas, else additionalProperties.</summary>
    private static string? UndeclaredValue(SchemaGrammarBuilder b, JsonObject schema, string name, string path, string hint, int depth)
    {
        var matching = (schema["patternProperties"] as JsonObject ?? []).Where(kv => JsonSchemaValidator.Pattern(kv.Key).IsMatch(name)).ToList();
        return matching.Count switch
        {
            0 => AdditionalValue(b, schema, path, hint, depth),
            1 => ObjectPlan.IsFalse(matching[0].Value) ? null : b.Visit(matching[0].Value, $"{path}.patternProperties.{matching[0].Key}", hint + "-pattern", depth + 1),
            _ => b.Visit(new JsonObject { ["allOf"] = new JsonArray([.. matching.Select(kv => kv.Value?.DeepClone())]) }, path + ".patternProperties", hint + "-pattern", depth + 1),
        };
    }

    /// <summary>
    /// The schema a declared property's value must meet: its own, and that of every patternProperties
    /// regex matching its name (both apply in JSON Schema), as one allOf.
    /// </summary>
    private static JsonNode? Declared(JsonObject schema, string name, JsonNode? propertySchema)
    {
        var matching = (schema["patternProperties"] as JsonObject ?? []).Where(kv => JsonSchemaValidator.Pattern(kv.Key).IsMatch(name)).ToList();
        return matching.Count == 0
            ? propertySchema
            : new JsonObject { ["allOf"] = new JsonArray([propertySchema?.DeepClone(), .. matching.Select(kv => kv.Value?.DeepClone())]) };
    }

    /// <summary>
    /// Whether a patternProperties regex matches every name (searched, it matches the empty string at
    /// the start of any name): then additionalProperties never applies.
    /// </summary>
    private static bool MatchesEveryName(string pattern) => pattern is "" or ".*" or "^.*" or ".*$" or "^" or "$";

    /// <summary>The value grammar for members not named in 'properties'; null when they are forbidden.</summary>
    private static string? AdditionalValue(SchemaGrammarBuilder b, JsonObject schema, string path, string hint, int depth) =>
        schema["additionalProperties"] switch
        {
            null => b.Primitive("value"),
            var s when ObjectPlan.IsFalse(s) => null,
            JsonValue v when v.TryGetValue<bool>(out var allowed) => allowed ? b.Primitive("value") : null,
            var s => b.TryVisit(s, path + ".additionalProperties", hint + "-additional", depth + 1),
        };

    private static string Member(string name, string value)
    {
        var sb = new StringBuilder();
        GbnfWriter.WriteLiteral(sb, JsonValue.Create(name).ToJsonString(SchemaGrammarBuilder.Compact));
        return $"{sb} ws \":\" ws {value}";
    }

    private static CompressorException MinUnreachable(string path) =>
        CompressorException.BadRequest(
            "unsupported_schema_keyword", "minProperties cannot be met by the properties the converter may emit.", path + ".minProperties");

    internal static CompressorException TooMany(string what, string path, int limit) =>
        CompressorException.BadRequest("schema_too_large", $"{what} exceeds the limit of {limit}.", path);
}
