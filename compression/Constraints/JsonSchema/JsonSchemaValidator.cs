using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Compressor.Compression.Errors;

namespace Compressor.Constraints.JsonSchema;

/// <summary>
/// Validates an instance against a schema: every keyword the converter supports plus the common
/// others (not, if/then/else, patternProperties, propertyNames, min/maxProperties, dependentRequired,
/// uniqueItems, contains, multipleOf). Only local references are followed. Formats we generate are
/// asserted with the same shapes as their grammars; other formats are annotations.
/// </summary>
public static class JsonSchemaValidator
{
    private const int MaxDepth = 256;
    private static readonly ConcurrentDictionary<string, System.Text.RegularExpressions.Regex> Patterns = new(StringComparer.Ordinal);

    public static IReadOnlyList<JsonSchemaValidationError> Validate(JsonNode? instance, JsonNode? schema, JsonNode? root = null)
    {
        var errors = new List<JsonSchemaValidationError>();
        Check(instance, schema, root ?? schema, "$", "#", errors, 0);
        return errors;
    }

    public static bool IsValid(JsonNode? instance, JsonNode? schema, JsonNode? root = null) => Validate(instance, schema, root).Count == 0;

    private static void Check(JsonNode? x, JsonNode? schema, JsonNode? root, string ip, string sp, List<JsonSchemaValidationError> errors, int depth)
    {
        if (depth > MaxDepth)
        {
            throw CompressorException.BadRequest("schema_too_deep", "Validation recursed too deeply (a reference cycle?).", sp);
        }

        if (schema is JsonValue bv && bv.TryGetValue<bool>(out var allowed))
        {
            if (!allowed)
            {
                errors.Add(new(ip, sp, "no value is allowed here"));
            }

            return;
        }

        if (schema is not JsonObject s)
        {
            return;
        }

        void Fail(string keyword, string message) => errors.Add(new(ip, $"{sp}/{keyword}", message));
        bool Sub(JsonNode? instance, JsonNode? sub) => Collect(instance, sub, root, ip, sp, depth) is null;

        if (s["$ref"] is JsonValue r && r.GetValueKind() == JsonValueKind.String)
        {
            Check(x, ResolvePointer(root, r.GetValue<string>(), sp), root, ip, sp + "/$ref", errors, depth + 1);
        }

        var kind = JsonEquality.Kind(x);
        if (s["type"] is { } type && !TypeMatches(x, kind, type))
        {
            Fail("type", $"expected {type.ToJsonString()}");
        }

        if (s["enum"] is JsonArray e && !e.Any(v => JsonEquality.AreEqual(v, x)))
        {
            Fail("enum", "not one of the allowed values");
        }

        if (s.TryGetPropertyValue("const", out var c) && !JsonEquality.AreEqual(c, x))
        {
            Fail("const", "not the constant value");
        }

        foreach (var (keyword, list) in new[] { ("allOf", s["allOf"]), ("anyOf", s["anyOf"]), ("oneOf", s["oneOf"]) })
        {
            if (list is not JsonArray subs)
            {
                continue;
            }

            var passed = subs.Count(sub => Sub(x, sub));
            if ((keyword == "allOf" && passed != subs.Count) || (keyword == "anyOf" && passed == 0) || (keyword == "oneOf" && passed != 1))
            {
                Fail(keyword, $"{passed} of {subs.Count} subschemas matched");
            }
        }

        if (s.TryGetPropertyValue("not", out var not) && Sub(x, not))
        {
            Fail("not", "matches the schema it must not match");
        }

        if (s.TryGetPropertyValue("if", out var condition))
        {
            var branch = Sub(x, condition) ? "then" : "else";
            if (s.TryGetPropertyValue(branch, out var target) && !Sub(x, target))
            {
                Fail(branch, $"fails the '{branch}' schema");
            }
        }

        switch (kind)
        {
            case JsonValueKind.Object:
                ObjectKeywords.Check((JsonObject)x!, s, root, ip, sp, errors, depth);
                break;
            case JsonValueKind.Array:
                ArrayKeywords.Check((JsonArray)x!, s, root, ip, sp, errors, depth);
                break;
            case JsonValueKind.String:
                StringKeywords(x!.GetValue<string>(), s, Fail);
                break;
            case JsonValueKind.Number:
                NumberKeywords(x!, s, Fail);
                break;
        }
    }

    /// <summary>Validates against a subschema; null when it passes, else its errors.</summary>
    internal static List<JsonSchemaValidationError>? Collect(JsonNode? x, JsonNode? schema, JsonNode? root, string ip, string sp, int depth)
    {
        var errors = new List<JsonSchemaValidationError>();
        Check(x, schema, root, ip, sp, errors, depth + 1);
        return errors.Count == 0 ? null : errors;
    }

    internal static void CheckChild(JsonNode? x, JsonNode? schema, JsonNode? root, string ip, string sp, List<JsonSchemaValidationError> errors, int depth) =>
        Check(x, schema, root, ip, sp, errors, depth + 1);

    private static bool TypeMatches(JsonNode? x, JsonValueKind kind, JsonNode type)
    {
        bool One(string t) => t switch
        {
            "null" => kind == JsonValueKind.Null,
            "boolean" => kind is JsonValueKind.True or JsonValueKind.False,
            "object" => kind == JsonValueKind.Object,
            "array" => kind == JsonValueKind.Array,
            "string" => kind == JsonValueKind.String,
            "number" => kind == JsonValueKind.Number,
            "integer" => JsonEquality.TryNumber(x, out var d) && d == Math.Floor(d) && !double.IsInfinity(d),
            _ => false,
        };

        return type is JsonArray types ? types.Any(t => t is not null && One(t.GetValue<string>())) : One(type.GetValue<string>());
    }

    private static void StringKeywords(string value, JsonObject s, Action<string, string> fail)
    {
        var length = value.EnumerateRunes().Count();
        if (s["minLength"] is { } min && length < min.GetValue<double>())
        {
            fail("minLength", $"shorter than {min}");
        }

        if (s["maxLength"] is { } max && length > max.GetValue<double>())
        {
            fail("maxLength", $"longer than {max}");
        }

        if (s["pattern"] is JsonValue p && p.GetValueKind() == JsonValueKind.String && !Pattern(p.GetValue<string>()).IsMatch(value))
        {
            fail("pattern", $"does not match /{p.GetValue<string>()}/");
        }

        if (s["format"] is JsonValue f && f.GetValueKind() == JsonValueKind.String && !StringFormats.IsValid(f.GetValue<string>(), value))
        {
            fail("format", $"not a valid {f.GetValue<string>()}");
        }
    }

    private static void NumberKeywords(JsonNode x, JsonObject s, Action<string, string> fail)
    {
        if (!JsonEquality.TryNumber(x, out var d))
        {
            return;
        }

        static double? Num(JsonNode? n) => JsonEquality.TryNumber(n, out var v) ? v : null;
        static bool Flag(JsonNode? n) => n is JsonValue v && v.TryGetValue<bool>(out var b) && b;
        if (Num(s["minimum"]) is { } min && (Flag(s["exclusiveMinimum"]) ? d <= min : d < min))
        {
            fail("minimum", $"below {min}");
        }

        if (Num(s["maximum"]) is { } max && (Flag(s["exclusiveMaximum"]) ? d >= max : d > max))
        {
            fail("maximum", $"above {max}");
        }

        if (Num(s["exclusiveMinimum"]) is { } emin && d <= emin)
        {
            fail("exclusiveMinimum", $"not above {emin}");
        }

        if (Num(s["exclusiveMaximum"]) is { } emax && d >= emax)
        {
            fail("exclusiveMaximum", $"not below {emax}");
        }

        if (Num(s["multipleOf"]) is { } m && m > 0)
        {
            var q = d / m;
            if (double.IsInfinity(q) || Math.Abs(q - Math.Round(q)) > 1e-9 * Math.Max(1, Math.Abs(q)))
            {
                fail("multipleOf", $"not a multiple of {m}");
            }
        }
    }

    internal static System.Text.RegularExpressions.Regex Pattern(string pattern)
    {
        try
        {
            return Patterns.Count > 1024 && !Patterns.ContainsKey(pattern)
                ? Compile(pattern)
                : Patterns.GetOrAdd(pattern, Compile);
        }
        catch (ArgumentException ex)
        {
            throw CompressorException.BadRequest("unsupported_regex", $"The pattern /{pattern}/ is not supported by the validator: {ex.Message}", "pattern");
        }

        static System.Text.RegularExpressions.Regex Compile(string p) =>
            new(p, System.Text.RegularExpressions.RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
    }

    private static JsonNode? ResolvePointer(JsonNode? root, string reference, string sp)
    {
        if (!reference.StartsWith('#') || (reference.Length > 1 && reference[1] != '/'))
        {
            throw CompressorException.BadRequest("unsupported_schema_keyword", $"Only local references are supported ('{reference}').", sp + "/$ref");
        }

        var node = root;
        foreach (var raw in reference.Length <= 2 ? [] : reference[2..].Split('/'))
        {
            var token = Uri.UnescapeDataString(raw).Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            node = node switch
            {
                JsonObject o when o.TryGetPropertyValue(token, out var child) => child,
                JsonArray a when int.TryParse(token, out var i) && i >= 0 && i < a.Count => a[i],
                _ => throw CompressorException.BadRequest("invalid_schema", $"The reference '{reference}' points nowhere.", sp + "/$ref"),
            };
        }

        return node;
    }
}
