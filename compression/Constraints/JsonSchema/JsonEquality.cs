using System.Text.Json;
using System.Text.Json.Nodes;

namespace Compressor.Constraints.JsonSchema;

/// <summary>JSON Schema equality: numbers by value (1 equals 1.0), objects regardless of member order.</summary>
internal static class JsonEquality
{
    public static bool AreEqual(JsonNode? a, JsonNode? b)
    {
        var ka = Kind(a);
        var kb = Kind(b);
        if (ka != kb)
        {
            return false;
        }

        switch (ka)
        {
            case JsonValueKind.Null or JsonValueKind.True or JsonValueKind.False:
                return true;
            case JsonValueKind.Number:
                return TryNumber(a, out var x) && TryNumber(b, out var y) && x == y;
            case JsonValueKind.String:
                return a!.GetValue<string>() == b!.GetValue<string>();
            case JsonValueKind.Array:
                var aa = (JsonArray)a!;
                var ba = (JsonArray)b!;
                return aa.Count == ba.Count && aa.Zip(ba).All(p => AreEqual(p.First, p.Second));
            default:
                var ao = (JsonObject)a!;
                var bo = (JsonObject)b!;
                return ao.Count == bo.Count && ao.All(kv => bo.TryGetPropertyValue(kv.Key, out var other) && AreEqual(kv.Value, other));
        }
    }

    public static JsonValueKind Kind(JsonNode? node) => node?.GetValueKind() ?? JsonValueKind.Null;

    public static bool TryNumber(JsonNode? node, out double value)
    {
        value = 0;
        if (node is not JsonValue v || v.GetValueKind() != JsonValueKind.Number)
        {
            return false;
        }

        return v.TryGetValue(out value)
            || double.TryParse(v.ToJsonString(), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out value);
    }
}
