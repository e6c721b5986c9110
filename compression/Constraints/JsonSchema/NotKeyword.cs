using System.Text.Json;
using System.Text.Json.Nodes;
using Compressor.Compression.Errors;

namespace Compressor.Constraints.JsonSchema;

/// <summary>
/// What a supported <c>not</c> subschema takes away. Only forms with a sound positive rewrite are accepted:
/// <list type="bullet">
/// <item><c>not: {}</c> / <c>not: true</c>: nothing is allowed (unsatisfiable); <c>not: false</c> asserts nothing.</item>
/// <item><c>not: {type: T}</c>: the types T are removed (removing 'integer' but not 'number' is refused).</item>
/// <item><c>not: {enum: [...]}</c> / <c>{const: x}</c>: in an enum schema the literals are filtered exactly; otherwise
/// strings avoid the excluded values' lengths (<see cref="ScalarGrammar"/>), and other types that have an
/// excluded value are dropped: both are under-approximations.</item>
/// <item><c>not: {required: [...]}</c> (also as allOf/anyOf of such): only objects, each listed combination of
/// names is never complete (<see cref="ObjectPlan"/> never emits one of its members).</item>
/// <item><c>not: {pattern: "^[C]+$"}</c> (or <c>*</c>): only strings, with a character outside C (pattern <c>[^C]</c>).</item>
/// </list>
/// Since the negated keywords of the last two forms accept every instance of another type, <c>not</c> of them
/// admits only objects (respectively strings). Everything else is a 400 naming the keyword.
/// </summary>
internal sealed class NotConstraint
{
    public HashSet<string> ExcludedTypes { get; } = new(StringComparer.Ordinal);

    public List<JsonNode?> ExcludedValues { get; } = [];

    /// <summary>Sets of property names that must not all be present.</summary>
    public List<List<string>> RequiredCombos { get; } = [];

    /// <summary>A pattern every string must match instead (the negation of a single-class pattern).</summary>
    public string? Pattern { get; private set; }

    /// <summary>The only instance type left, when the negated keywords constrain only one type.</summary>
    public string? OnlyType { get; private set; }

    public static NotConstraint Parse(SchemaGrammarBuilder b, JsonNode? not, string path)
    {
        var result = new NotConstraint();
        result.Add(b, not, path, 0);
        return result;
    }

    private void Add(SchemaGrammarBuilder b, JsonNode? not, string path, int depth)
    {
        if (depth > 16)
        {
            throw Refuse(path);
        }

        switch (not)
        {
            case JsonValue v when v.TryGetValue<bool>(out var flag):
                if (flag)
                {
                    throw SchemaGrammarBuilder.Unsatisfiable("'not: true' allows no value", path);
                }

                return;
            case JsonObject o:
                break;
            default:
                throw CompressorException.BadRequest("invalid_schema", "A schema must be an object or a boolean.", path);
        }

        var schema = (JsonObject)not;
        if (schema["$ref"] is JsonValue r && r.GetValueKind() == JsonValueKind.String && schema.Count == 1)
        {
            Add(b, b.Resolve(r.GetValue<string>(), path + ".$ref"), path + ".$ref", depth + 1);
            return;
        }

        var keys = schema.Select(kv => kv.Key).Where(k => !SchemaKeywords.IsAnnotation(k) && k is not "$defs" and not "definitions").ToList();
        if (keys.Count == 0)
        {
            throw SchemaGrammarBuilder.Unsatisfiable("'not: {}' allows no value", path);
        }

        // not (A or B) = not A and not B.
        if (keys is ["anyOf"] && schema["anyOf"] is JsonArray any)
        {
            for (var i = 0; i < any.Count; i++)
            {
                Add(b, any[i], $"{path}.anyOf[{i}]", depth + 1);
            }

            return;
        }

        // A type that equals the family of the other keywords adds nothing to them.
        if (keys.Count == 2 && keys.Contains("type") && schema["type"] is JsonValue tv && tv.GetValueKind() == JsonValueKind.String
            && Family(keys.Single(k => k != "type")) == tv.GetValue<string>())
        {
            keys.Remove("type");
        }

        if (keys.Count != 1)
        {
            throw Refuse(path, keys[1]);
        }

        var key = keys[0];
        var value = schema[key];
        switch (key)
        {
            case "type":
                foreach (var t in value is JsonArray ts ? ts.Select(t => t?.GetValue<string>() ?? "null") : [value!.GetValue<string>()])
                {
                    ExcludedTypes.Add(t);
                }

                break;
            case "enum" when value is JsonArray values:
                ExcludedValues.AddRange(values.Select(x => x?.DeepClone()));
                break;
            case "const":
                ExcludedValues.Add(value?.DeepClone());
                break;
            case "required" or "allOf" when RequiredNames(schema, key) is { } names:
                Only("object", path);
                if (names.Count == 0)
                {
                    throw SchemaGrammarBuilder.Unsatisfiable("'not: {required: []}' allows no object", path);
                }

                RequiredCombos.Add(names);
                break;
            case "pattern" when value is JsonValue p && p.GetValueKind() == JsonValueKind.String && NegateSingleClass(p.GetValue<string>()) is { } positive:
                Only("string", path);
                Pattern = Pattern is null ? positive : throw Refuse(path, "pattern");
                break;
            default:
                throw Refuse(path, key);
        }
    }

    private static string? Family(string keyword) => keyword switch
    {
        "required" => "object",
        "pattern" => "string",
        _ => null,
    };

    /// <summary>The names of <c>{required: [...]}</c> or of <c>{allOf: [{required: [...]}, ...]}</c> (their union); null for other shapes.</summary>
    private static List<string>? RequiredNames(JsonObject schema, string key)
    {
        if (key == "required")
        {
            return schema["required"] is JsonArray list ? list.Select(n => n!.GetValue<string>()).Distinct().ToList() : null;
        }

        var names = new List<string>();
        foreach (var part in schema["allOf"] as JsonArray ?? [])
        {
            if (part is not JsonObject o || o.Any(kv => kv.Key != "required" && !SchemaKeywords.IsAnnotation(kv.Key)) || o["required"] is not JsonArray list)
            {
                return null;
            }

            names.AddRange(list.Select(n => n!.GetValue<string>()));
        }

        return names.Distinct().ToList();
    }

    /// <summary><c>^[C]+$</c> or <c>^[C]*$</c> becomes <c>[^C]</c>, unanchored: a string with a character outside C.</summary>
    private static string? NegateSingleClass(string pattern)
    {
        var m = System.Text.RegularExpressions.Regex.Match(
            pattern, @"^\^\[(\^?)((?:[^\]\\\[]|\\.)+)\][+*]\$$", System.Text.RegularExpressions.RegexOptions.None, TimeSpan.FromSeconds(1));
        return m.Success ? (m.Groups[1].Value.Length == 0 ? $"[^{m.Groups[2].Value}]" : $"[{m.Groups[2].Value}]") : null;
    }

    private void Only(string type, string path)
    {
        if (OnlyType is not null && OnlyType != type)
        {
            throw SchemaGrammarBuilder.Unsatisfiable($"'not' requires both an {OnlyType} and a {type}", path);
        }

        OnlyType = type;
    }

    /// <summary>The instance types left from <paramref name="types"/>.</summary>
    public List<string> Restrict(List<string> types, string path)
    {
        if (ExcludedTypes.Contains("integer") && !ExcludedTypes.Contains("number") && types.Contains("number"))
        {
            throw Refuse(path, "type");
        }

        var kept = types.Where(t => !ExcludedTypes.Contains(t) && !(t == "integer" && ExcludedTypes.Contains("number"))).ToList();
        if (OnlyType is not null)
        {
            kept = kept.Where(t => t == OnlyType).ToList();
        }

        // Excluded literals of kinds other than strings: drop the kind (an under-approximation).
        kept = kept.Where(t => t == "string" || !ExcludedValues.Any(v => Kind(v) == t || (t == "number" && Kind(v) == "integer"))).ToList();
        return kept.Count == 0 ? throw SchemaGrammarBuilder.Unsatisfiable("'not' excludes every type the schema allows", path) : kept;
    }

    public IEnumerable<string> ExcludedStrings =>
        ExcludedValues.Where(v => v is JsonValue s && s.GetValueKind() == JsonValueKind.String).Select(v => v!.GetValue<string>());

    private static string Kind(JsonNode? value) => JsonEquality.Kind(value) switch
    {
        JsonValueKind.Object => "object",
        JsonValueKind.Array => "array",
        JsonValueKind.String => "string",
        JsonValueKind.Number => JsonEquality.TryNumber(value, out var d) && d == Math.Floor(d) ? "integer" : "number",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        _ => "null",
    };

    private static CompressorException Refuse(string path, string? keyword = null) =>
        CompressorException.BadRequest(
            "unsupported_schema_keyword",
            keyword is null ? "This form of 'not' is not supported in constraints." : $"'not' with '{keyword}' is not supported in constraints.",
            path);
}
