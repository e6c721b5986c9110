using System.Text.Json.Nodes;
using Compressor.Compression.Errors;

namespace Compressor.Constraints.JsonSchema;

/// <summary>
/// Intersects two schemas keyword by keyword for allOf and for siblings of $ref/anyOf: bounds take the
/// tighter value, 'required' unions, 'type' and 'enum' intersect, shared properties nest as allOf.
/// Conflicting keywords it cannot intersect are a 400, never a silent pick.
/// </summary>
internal static class SchemaMerger
{
    private static readonly HashSet<string> Lower = new(StringComparer.Ordinal) { "minimum", "exclusiveMinimum", "minLength", "minItems", "minProperties" };
    private static readonly HashSet<string> Upper = new(StringComparer.Ordinal) { "maximum", "exclusiveMaximum", "maxLength", "maxItems", "maxProperties" };

    public static JsonNode Merge(JsonNode? a, JsonNode? b, string path)
    {
        if (a is JsonValue av && av.TryGetValue<bool>(out var ab))
        {
            return ab ? b?.DeepClone() ?? new JsonObject() : JsonValue.Create(false);
        }

        if (b is JsonValue bv && bv.TryGetValue<bool>(out var bb))
        {
            return bb ? a?.DeepClone() ?? new JsonObject() : JsonValue.Create(false);
        }

        if (a is not JsonObject left || b is not JsonObject right)
        {
            throw CompressorException.BadRequest("invalid_schema", "A schema must be an object or a boolean.", path);
        }

        var result = (JsonObject)left.DeepClone();
        foreach (var (key, value) in right)
        {
            if (!result.TryGetPropertyValue(key, out var existing) || SchemaKeywords.IsAnnotation(key) || key is "$defs" or "definitions")
            {
                if (existing is null)
                {
                    result[key] = value?.DeepClone();
                }

                continue;
            }

            if (JsonNode.DeepEquals(existing, value))
            {
                continue;
            }

            if (key == "$ref")
            {
                // Two different references: keep one, check the other through allOf.
                if (result["allOf"] is not JsonArray list)
                {
                    list = [];
                    result["allOf"] = list;
                }

                list.Add(new JsonObject { ["$ref"] = value?.DeepClone() });
                continue;
            }

            result[key] = key switch
            {
                _ when Lower.Contains(key) => Math.Max(existing!.GetValue<double>(), value!.GetValue<double>()),
                _ when Upper.Contains(key) => Math.Min(existing!.GetValue<double>(), value!.GetValue<double>()),
                "required" => new JsonArray([.. ((JsonArray)existing!).Concat((JsonArray)value!).Select(n => n!.GetValue<string>()).Distinct().Select(s => (JsonNode)s)]),
                "properties" => MergeProperties((JsonObject)existing!, (JsonObject)value!),
                "type" => Intersect(Types(existing), Types(value), $"{path}.type"),
                "enum" => new JsonArray([.. ((JsonArray)existing!).Where(x => ((JsonArray)value!).Any(y => JsonNode.DeepEquals(x, y))).Select(x => x?.DeepClone())]),
                "additionalProperties" or "items" or "additionalItems" => existing is JsonValue e && e.TryGetValue<bool>(out var eb) && !eb
                    ? existing.DeepClone()
                    : new JsonObject { ["allOf"] = new JsonArray(existing?.DeepClone(), value?.DeepClone()) },
                "uniqueItems" => existing is JsonValue u && u.TryGetValue<bool>(out var ub) && ub ? existing.DeepClone() : value?.DeepClone(),
                // not A and not B = not (A or B); NotKeyword reads anyOf lists.
                "not" => new JsonObject { ["anyOf"] = new JsonArray(existing?.DeepClone(), value?.DeepClone()) },
                "propertyNames" => new JsonObject { ["allOf"] = new JsonArray(existing?.DeepClone(), value?.DeepClone()) },
                "dependencies" or "dependentRequired" or "dependentSchemas" => MergeDependencies((JsonObject)existing!, (JsonObject)value!),
                "allOf" => new JsonArray([.. ((JsonArray)existing!).Concat((JsonArray)value!).Select(x => x?.DeepClone())]),
                "anyOf" or "oneOf" => Cross((JsonArray)existing!, (JsonArray)value!, $"{path}.{key}"),
                _ => throw CompressorException.BadRequest(
                    "unsupported_schema_keyword", $"Cannot combine two different values of '{key}' (allOf or sibling keywords).", $"{path}.{key}"),
            };
        }

        return result;
    }

    private static JsonObject MergeProperties(JsonObject a, JsonObject b)
    {
        var result = (JsonObject)a.DeepClone();
        foreach (var (name, schema) in b)
        {
            result[name] = result.TryGetPropertyValue(name, out var existing)
                ? new JsonObject { ["allOf"] = new JsonArray(existing?.DeepClone(), schema?.DeepClone()) }
                : schema?.DeepClone();
        }

        return result;
    }

    /// <summary>Both sets of dependencies hold: name lists union, schemas (or a list and a schema) nest as allOf.</summary>
    private static JsonObject MergeDependencies(JsonObject a, JsonObject b)
    {
        var result = (JsonObject)a.DeepClone();
        foreach (var (name, dependency) in b)
        {
            if (!result.TryGetPropertyValue(name, out var existing))
            {
                result[name] = dependency?.DeepClone();
            }
            else if (existing is JsonArray x && dependency is JsonArray y)
            {
                result[name] = new JsonArray([.. x.Concat(y).Select(n => n!.GetValue<string>()).Distinct().Select(n => (JsonNode)n)]);
            }
            else
            {
                result[name] = new JsonObject { ["allOf"] = new JsonArray(AsSchema(existing), AsSchema(dependency)) };
            }
        }

        return result;

        static JsonNode? AsSchema(JsonNode? dependency) =>
            dependency is JsonArray names ? new JsonObject { ["required"] = names.DeepClone() } : dependency?.DeepClone();
    }

    private static List<string> Types(JsonNode? node) =>
        node is JsonArray array ? array.Select(t => t!.GetValue<string>()).ToList() : [node!.GetValue<string>()];

    private static JsonArray Intersect(List<string> a, List<string> b, string path)
    {
        var result = a.Where(t => b.Contains(t) || (t == "integer" && b.Contains("number"))).ToList();
        result.AddRange(b.Where(t => t == "integer" && a.Contains("number") && !result.Contains("integer")));
        return result.Count == 0
            ? throw SchemaGrammarBuilder.Unsatisfiable("allOf requires disjoint types", path)
            : new JsonArray([.. result.Select(t => (JsonNode)t)]);
    }

    private static JsonArray Cross(JsonArray a, JsonArray b, string path)
    {
        if (a.Count * b.Count > 64)
        {
            throw CompressorException.BadRequest("schema_too_large", "Combining these anyOf/oneOf lists needs more than 64 alternatives.", path);
        }

        var result = new JsonArray();
        foreach (var x in a)
        {
            foreach (var y in b)
            {
                result.Add(new JsonObject { ["allOf"] = new JsonArray(x?.DeepClone(), y?.DeepClone()) });
            }
        }

        return result;
    }
}
