using System.Text.Json.Nodes;
using Compressor.Constraints.JsonSchema;

namespace Compressor.Constraints.Tests.JsonSchema;

/// <summary>
/// Reorders an instance's members into the converter's canonical order (required members in
/// 'properties' order, then optional ones, then extras), so fixed-order grammars can be checked
/// against instances written in any order.
/// </summary>
internal static class InstanceOrder
{
    public static JsonNode? Canonicalize(JsonNode? instance, JsonNode? schema, JsonNode? root, int depth = 0)
    {
        if (depth > 50 || schema is not JsonObject s)
        {
            return instance?.DeepClone();
        }

        if (s["$ref"] is JsonValue r && r.ToString().StartsWith('#'))
        {
            return Canonicalize(instance, Resolve(root, r.ToString()), root, depth + 1);
        }

        foreach (var key in new[] { "anyOf", "oneOf" })
        {
            if (s[key] is JsonArray alternatives)
            {
                var match = alternatives.FirstOrDefault(a => JsonSchemaValidator.IsValid(instance, a, root));
                if (match is not null)
                {
                    instance = Canonicalize(instance, match, root, depth + 1);
                }
            }
        }

        if (s["allOf"] is JsonArray all)
        {
            var merged = new JsonObject();
            var props = new JsonObject();
            var required = new JsonArray();
            foreach (var sub in all.Prepend(s).Select(a => a is JsonObject o && o["$ref"] is JsonValue rr ? Resolve(root, rr.ToString()) : a).OfType<JsonObject>())
            {
                foreach (var (k, v) in sub["properties"] as JsonObject ?? [])
                {
                    props[k] ??= v?.DeepClone();
                }

                foreach (var q in sub["required"] as JsonArray ?? [])
                {
                    required.Add(q?.DeepClone());
                }
            }

            merged["properties"] = props;
            merged["required"] = required;
            s = merged;
        }

        switch (instance)
        {
            case JsonObject obj:
                var properties = s["properties"] as JsonObject ?? [];
                var req = (s["required"] as JsonArray ?? []).Select(n => n!.ToString()).ToHashSet();
                var order = properties.Select(p => p.Key).Where(req.Contains)
                    .Concat(req.Where(n => !properties.ContainsKey(n)))
                    .Concat(properties.Select(p => p.Key).Where(k => !req.Contains(k)))
                    .Concat(obj.Select(kv => kv.Key))
                    .Distinct()
                    .Where(obj.ContainsKey);
                var result = new JsonObject();
                foreach (var name in order)
                {
                    var sub = properties.TryGetPropertyValue(name, out var ps) ? ps : s["additionalProperties"];
                    result[name] = Canonicalize(obj[name], sub, root, depth + 1);
                }

                return result;
            case JsonArray array:
                var prefix = s["prefixItems"] as JsonArray ?? s["items"] as JsonArray;
                return new JsonArray([.. array.Select((item, i) =>
                    Canonicalize(item, prefix is not null && i < prefix.Count ? prefix[i] : s["items"] is JsonArray ? s["additionalItems"] : s["items"], root, depth + 1))]);
            default:
                return instance?.DeepClone();
        }
    }

    private static JsonNode? Resolve(JsonNode? root, string reference)
    {
        var node = root;
        foreach (var raw in reference.Length <= 2 ? [] : reference[2..].Split('/'))
        {
            var token = Uri.UnescapeDataString(raw).Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            node = node is JsonObject o && o.TryGetPropertyValue(token, out var c) ? c : null;
        }

        return node;
    }
}
