using System.Text.Json.Nodes;

namespace Compressor.Constraints.JsonSchema;

/// <summary>Validation of the array keywords (2020-12 prefixItems/items and draft-7 tuple items/additionalItems).</summary>
internal static class ArrayKeywords
{
    public static void Check(JsonArray x, JsonObject s, JsonNode? root, string ip, string sp, List<JsonSchemaValidationError> errors, int depth)
    {
        var tuple = s["prefixItems"] as JsonArray ?? s["items"] as JsonArray;
        var restKey = s["prefixItems"] is JsonArray ? "items" : s["items"] is JsonArray ? "additionalItems" : "items";
        var hasRest = s.TryGetPropertyValue(restKey, out var rest);
        for (var i = 0; i < x.Count; i++)
        {
            var childPath = $"{ip}[{i}]";
            if (tuple is not null && i < tuple.Count)
            {
                JsonSchemaValidator.CheckChild(x[i], tuple[i], root, childPath, $"{sp}/prefixItems/{i}", errors, depth);
            }
            else if (hasRest)
            {
                JsonSchemaValidator.CheckChild(x[i], rest, root, childPath, $"{sp}/{restKey}", errors, depth);
            }
        }

        if (s["minItems"] is { } min && x.Count < min.GetValue<double>())
        {
            errors.Add(new(ip, sp + "/minItems", $"fewer than {min} items"));
        }

        if (s["maxItems"] is { } max && x.Count > max.GetValue<double>())
        {
            errors.Add(new(ip, sp + "/maxItems", $"more than {max} items"));
        }

        if (s["uniqueItems"] is JsonValue u && u.TryGetValue<bool>(out var unique) && unique)
        {
            for (var i = 0; i < x.Count; i++)
            {
                for (var j = i + 1; j < x.Count; j++)
                {
                    if (JsonEquality.AreEqual(x[i], x[j]))
                    {
                        errors.Add(new(ip, sp + "/uniqueItems", $"items {i} and {j} are equal"));
                        return;
                    }
                }
            }
        }

        if (s.TryGetPropertyValue("contains", out var contains))
        {
            var count = x.Count(item => JsonSchemaValidator.Collect(item, contains, root, ip, sp, depth) is null);
            var minContains = s["minContains"]?.GetValue<double>() ?? 1;
            var maxContains = s["maxContains"]?.GetValue<double>() ?? double.PositiveInfinity;
            if (count < minContains || count > maxContains)
            {
                errors.Add(new(ip, sp + "/contains", $"{count} items match 'contains'"));
            }
        }
    }
}
