using System.Text;
using System.Text.Json.Nodes;
using Compressor.Compression.Errors;
using Compressor.Constraints.Gbnf;

namespace Compressor.Constraints.JsonSchema;

/// <summary>
/// Objects: required properties first in schema order, then each optional property optionally, then
/// (unless additionalProperties is false) any number of extra members. Built right to left with
/// "rest" rules (comma-led tails) and "first" rules (the first member), so size stays linear.
/// </summary>
internal static class ObjectGrammar
{
    public static string Build(SchemaGrammarBuilder b, JsonObject schema, string path, string hint, int depth)
    {
        var properties = schema["properties"] as JsonObject ?? [];
        var required = (schema["required"] as JsonArray ?? []).Select(r => r?.GetValue<string>() ?? string.Empty).Distinct().ToList();
        var entries = new List<(string Member, bool Required)>();
        // Required members in the order 'properties' lists them, then required names it does not list.
        required = [.. properties.Select(kv => kv.Key).Where(required.Contains), .. required.Where(r => !properties.ContainsKey(r))];
        foreach (var name in required)
        {
            var propertySchema = properties.TryGetPropertyValue(name, out var ps) ? ps : null;
            if (propertySchema is JsonValue fv && fv.TryGetValue<bool>(out var allowed) && !allowed)
            {
                throw SchemaGrammarBuilder.Unsatisfiable($"property '{name}' is required but its schema is false", $"{path}.properties.{name}");
            }

            var value = propertySchema is null ? AdditionalValue(b, schema, path, hint, depth) : b.Visit(propertySchema, $"{path}.properties.{name}", $"{hint}-{name}", depth + 1);
            entries.Add((Member(name, value ?? b.Primitive("value")), true));
        }

        foreach (var (name, propertySchema) in properties)
        {
            if (required.Contains(name) || (propertySchema is JsonValue fv && fv.TryGetValue<bool>(out var allowed) && !allowed))
            {
                continue;
            }

            entries.Add((Member(name, b.Visit(propertySchema, $"{path}.properties.{name}", $"{hint}-{name}", depth + 1)), false));
        }

        var extra = ExtraMember(b, schema, path, hint, depth);

        b.Primitive("ws");
        if (entries.Count == 0 && extra is null)
        {
            return b.AddRule(hint, "\"{\" ws \"}\"");
        }

        if (extra is null && entries.All(e => e.Required))
        {
            return b.AddRule(hint, "\"{\" ws " + string.Join(" ws \",\" ws ", entries.Select(e => e.Member)) + " ws \"}\"");
        }

        string? rest = extra is null ? null : b.AddRule(hint + "-extra", $"(ws \",\" ws {extra})*");
        string? first = extra is null ? null : b.AddRule(hint + "-extra-first", extra + " " + rest);
        for (var i = entries.Count - 1; i >= 0; i--)
        {
            var (member, isRequired) = entries[i];
            var tail = rest is null ? string.Empty : " " + rest;
            var newFirst = isRequired || first is null ? member + tail : $"{member}{tail} | {first}";
            var newRest = isRequired ? $"ws \",\" ws {member}{tail}" : $"(ws \",\" ws {member})?{tail}";
            first = b.AddRule($"{hint}-first{i}", newFirst);
            rest = b.AddRule($"{hint}-rest{i}", newRest);
        }

        var anyRequired = entries.Any(e => e.Required);
        return b.AddRule(hint, anyRequired ? $"\"{{\" ws {first} ws \"}}\"" : $"\"{{\" ws ({first} ws)? \"}}\"");
    }

    /// <summary>
    /// Members not named in 'properties': a key matching a patternProperties regex with that schema's
    /// value, or (unless additionalProperties is false) any key with the additional value. Keys
    /// matching two patterns or a named property are over-approximated; the output validator decides.
    /// </summary>
    private static string? ExtraMember(SchemaGrammarBuilder b, JsonObject schema, string path, string hint, int depth)
    {
        var alternatives = new List<string>();
        foreach (var (pattern, patternSchema) in schema["patternProperties"] as JsonObject ?? [])
        {
            var key = Regex.RegexToGbnf.ConvertExpression(pattern, jsonString: true, search: true, target: $"{path}.patternProperties");
            var value = b.Visit(patternSchema, $"{path}.patternProperties.{pattern}", hint + "-pattern", depth + 1);
            alternatives.Add($"\"\\\"\" {GbnfWriter.WriteAtom(key)} \"\\\"\" ws \":\" ws {value}");
        }

        if (AdditionalValue(b, schema, path, hint, depth) is { } additional)
        {
            b.Primitive("string");
            alternatives.Add($"string ws \":\" ws {additional}");
        }

        return alternatives.Count switch
        {
            0 => null,
            1 => alternatives[0],
            _ => b.AddRule(hint + "-member", string.Join(" | ", alternatives)),
        };
    }

    /// <summary>The value grammar for members not named in 'properties'; null when they are forbidden.</summary>
    private static string? AdditionalValue(SchemaGrammarBuilder b, JsonObject schema, string path, string hint, int depth) =>
        schema["additionalProperties"] switch
        {
            null => b.Primitive("value"),
            JsonValue v when v.TryGetValue<bool>(out var allowed) => allowed ? b.Primitive("value") : null,
            var s => b.Visit(s, path + ".additionalProperties", hint + "-additional", depth + 1),
        };

    private static string Member(string name, string value)
    {
        var sb = new StringBuilder();
        GbnfWriter.WriteLiteral(sb, JsonValue.Create(name).ToJsonString(SchemaGrammarBuilder.Compact));
        return $"{sb} ws \":\" ws {value}";
    }

    internal static CompressorException TooMany(string what, string path, int limit) =>
        CompressorException.BadRequest("schema_too_large", $"{what} exceeds the limit of {limit}.", path);
}
