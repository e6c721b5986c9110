using System.Text.Json.Nodes;

namespace Compressor.Constraints.JsonSchema;

/// <summary>Validation of the object keywords.</summary>
internal static class ObjectKeywords
{
    public static void Check(JsonObject x, JsonObject s, JsonNode? root, string ip, string sp, List<JsonSchemaValidationError> errors, int depth)
    {
        var properties = s["properties"] as JsonObject;
        var patterns = s["patternProperties"] as JsonObject;
        foreach (var name in (s["required"] as JsonArray ?? []).Select(n => n?.GetValue<string>()))
        {
            if (name is not null && !x.ContainsKey(name))
            {
                errors.Add(new(ip, sp + "/required", $"missing required property '{name}'"));
            }
        }

        foreach (var (name, value) in x)
        {
            var childPath = $"{ip}.{name}";
            var matched = false;
            if (properties is not null && properties.TryGetPropertyValue(name, out var ps))
            {
                matched = true;
                JsonSchemaValidator.CheckChild(value, ps, root, childPath, $"{sp}/properties/{name}", errors, depth);
            }

            foreach (var (pattern, pps) in patterns ?? [])
            {
                if (JsonSchemaValidator.Pattern(pattern).IsMatch(name))
                {
                    matched = true;
                    JsonSchemaValidator.CheckChild(value, pps, root, childPath, $"{sp}/patternProperties/{pattern}", errors, depth);
                }
            }

            if (!matched && s.TryGetPropertyValue("additionalProperties", out var additional))
            {
                JsonSchemaValidator.CheckChild(value, additional, root, childPath, $"{sp}/additionalProperties", errors, depth);
            }

            if (s.TryGetPropertyValue("propertyNames", out var names))
            {
                JsonSchemaValidator.CheckChild(JsonValue.Create(name), names, root, childPath, $"{sp}/propertyNames", errors, depth);
            }
        }

        if (s["minProperties"] is { } min && x.Count < min.GetValue<double>())
        {
            errors.Add(new(ip, sp + "/minProperties", $"fewer than {min} properties"));
        }

        if (s["maxProperties"] is { } max && x.Count > max.GetValue<double>())
        {
            errors.Add(new(ip, sp + "/maxProperties", $"more than {max} properties"));
        }

        foreach (var (name, deps) in s["dependentRequired"] as JsonObject ?? [])
        {
            if (x.ContainsKey(name) && deps is JsonArray list)
            {
                foreach (var dep in list.Select(d => d!.GetValue<string>()).Where(d => !x.ContainsKey(d)))
                {
                    errors.Add(new(ip, $"{sp}/dependentRequired/{name}", $"'{name}' requires '{dep}'"));
                }
            }
        }

        // Draft 4-7 'dependencies': a list of names works like dependentRequired, a schema like dependentSchemas.
        foreach (var (name, dep) in s["dependencies"] as JsonObject ?? [])
        {
            if (!x.ContainsKey(name))
            {
                continue;
            }

            if (dep is JsonArray list)
            {
                foreach (var missing in list.Select(d => d!.GetValue<string>()).Where(d => !x.ContainsKey(d)))
                {
                    errors.Add(new(ip, $"{sp}/dependencies/{name}", $"'{name}' requires '{missing}'"));
                }
            }
            else
            {
                JsonSchemaValidator.CheckChild(x, dep, root, ip, $"{sp}/dependencies/{name}", errors, depth);
            }
        }

        foreach (var (name, dep) in s["dependentSchemas"] as JsonObject ?? [])
        {
            if (x.ContainsKey(name))
            {
                JsonSchemaValidator.CheckChild(x, dep, root, ip, $"{sp}/dependentSchemas/{name}", errors, depth);
            }
        }
    }
}
