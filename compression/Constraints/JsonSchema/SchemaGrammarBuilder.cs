using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Compressor.Compression.Errors;
using Compressor.Constraints.Gbnf;

namespace Compressor.Constraints.JsonSchema;

/// <summary>
/// Walks a schema and emits GBNF rules. Every visit returns an expression usable as an atom (a rule
/// name, a literal or a parenthesized group). Identical bodies share one rule; <c>$ref</c> targets get
/// their rule name before their body is built, which is what makes recursive schemas terminate.
/// </summary>
internal sealed class SchemaGrammarBuilder
{
    internal static readonly JsonSerializerOptions Compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, WriteIndented = false };

    private readonly JsonNode _root;
    private readonly JsonSchemaLimits _limits;
    private readonly Dictionary<string, string> _rules = new(StringComparer.Ordinal);
    private readonly List<string> _order = [];
    private readonly Dictionary<string, string> _bodyToName = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _refRules = new(StringComparer.Ordinal);

    public SchemaGrammarBuilder(JsonNode root, JsonSchemaLimits limits)
    {
        _root = root;
        _limits = limits;
    }

    public JsonSchemaLimits Limits => _limits;

    public JsonNode Root => _root;

    public string Build()
    {
        var expression = Visit(_root, "$", "root", 0);
        _rules["root"] = expression;
        _order.Insert(0, "root");
        var sb = new StringBuilder();
        foreach (var name in _order)
        {
            sb.Append(name).Append(" ::= ").Append(_rules[name]).Append('\n');
            if (sb.Length > _limits.MaxGrammarLength)
            {
                throw CompressorException.BadRequest("schema_too_large", $"The schema's grammar exceeds {_limits.MaxGrammarLength} characters.", "$");
            }
        }

        return sb.ToString();
    }

    public string Visit(JsonNode? schema, string path, string hint, int depth)
    {
        if (depth > _limits.MaxDepth)
        {
            throw CompressorException.BadRequest("schema_too_deep", $"The schema nests deeper than {_limits.MaxDepth} levels.", path);
        }

        switch (schema)
        {
            case JsonValue v when v.TryGetValue<bool>(out var b):
                return b ? Primitive("value") : throw Unsatisfiable("the schema 'false' allows no value", path);
            case JsonObject obj:
                return VisitObject(obj, path, hint, depth);
            default:
                throw CompressorException.BadRequest("invalid_schema", "A schema must be an object or a boolean.", path);
        }
    }

    private string VisitObject(JsonObject schema, string path, string hint, int depth)
    {
        var literals = schema.ContainsKey("const") || schema["enum"] is JsonArray;
        foreach (var (key, value) in schema)
        {
            if (SchemaKeywords.Unsupported.Contains(key) && !SchemaKeywords.IsNoOp(key, value) && !(literals && SchemaKeywords.CheckedOnLiterals.Contains(key)))
            {
                throw CompressorException.BadRequest("unsupported_schema_keyword", $"The keyword '{key}' is not supported in constraints.", $"{path}.{key}");
            }
        }

        if (schema.ContainsKey("if") || schema.ContainsKey("then") || schema.ContainsKey("else"))
        {
            schema = RewriteConditional(schema, path);
        }

        if (schema["$ref"] is { } reference)
        {
            var target = reference.GetValueKind() == JsonValueKind.String ? reference.GetValue<string>() : throw BadRef(path);
            var siblings = Strip(schema, "$ref");
            return HasAssertions(siblings)
                ? Visit(SchemaMerger.Merge(Resolve(target, path + ".$ref"), siblings, path), path, hint, depth + 1)
                : RefRule(target, path + ".$ref", depth);
        }

        if (schema["allOf"] is JsonArray allOf)
        {
            JsonNode merged = Strip(schema, "allOf");
            for (var i = 0; i < allOf.Count; i++)
            {
                var part = ResolveShallow(allOf[i], $"{path}.allOf[{i}]");
                if (part is JsonObject o && (o.ContainsKey("if") || o.ContainsKey("then") || o.ContainsKey("else")))
                {
                    part = RewriteConditional(o, $"{path}.allOf[{i}]");
                }

                merged = SchemaMerger.Merge(merged, part, $"{path}.allOf[{i}]");
            }

            return Visit(merged, path, hint, depth + 1);
        }

        foreach (var keyword in new[] { "anyOf", "oneOf" })
        {
            if (schema[keyword] is JsonArray alternatives)
            {
                // oneOf is generated as anyOf; the output validator enforces "exactly one".
                // An alternative no value satisfies adds nothing to the union: it is left out (its rules rolled back).
                var rest = Strip(schema, keyword);
                var parts = new List<string>();
                CompressorException? unsatisfiable = null;
                for (var i = 0; i < alternatives.Count; i++)
                {
                    var checkpoint = _order.Count;
                    try
                    {
                        var alternative = HasAssertions(rest) ? SchemaMerger.Merge(rest, alternatives[i], $"{path}.{keyword}[{i}]") : alternatives[i];
                        parts.Add(Visit(alternative, $"{path}.{keyword}[{i}]", $"{hint}-{i}", depth + 1));
                    }
                    catch (CompressorException ex) when (ex.Code == "unsatisfiable_schema")
                    {
                        Rollback(checkpoint);
                        unsatisfiable ??= ex;
                    }
                }

                return parts.Count == 0 ? throw unsatisfiable! : AddRule(hint, string.Join(" | ", parts.Distinct()));
            }
        }

        if (schema.ContainsKey("const") || schema["enum"] is JsonArray)
        {
            return EnumRule(schema, path, hint);
        }

        var types = TypesOf(schema, path);
        var not = schema.ContainsKey("not") ? NotConstraint.Parse(this, schema["not"], path + ".not") : null;
        if (not is not null)
        {
            types = not.Restrict(types, path + ".not");
        }

        var bodies = new List<string>();
        foreach (var type in types)
        {
            bodies.Add(type switch
            {
                "object" => ObjectGrammar.Build(this, schema, path, hint, depth, not),
                "array" => ArrayGrammar.Build(this, schema, path, hint, depth),
                "string" => ScalarGrammar.String(this, schema, path, hint, not),
                "number" => ScalarGrammar.Number(this, schema, path, integer: false),
                "integer" => ScalarGrammar.Number(this, schema, path, integer: true),
                "boolean" => Primitive("boolean"),
                "null" => Primitive("null"),
                _ => throw CompressorException.BadRequest("invalid_schema", $"Unknown type '{type}'.", path + ".type"),
            });
        }

        return bodies.Count == 1 ? bodies[0] : AddRule(hint, string.Join(" | ", bodies));
    }

    private static List<string> TypesOf(JsonObject schema, string path)
    {
        var types = schema["type"] switch
        {
            null => InferTypes(schema),
            JsonArray array => array.Select(t => t?.GetValue<string>() ?? "null").ToList(),
            JsonValue v when v.GetValueKind() == JsonValueKind.String => [v.GetValue<string>()],
            _ => throw CompressorException.BadRequest("invalid_schema", "'type' must be a string or an array of strings.", path + ".type"),
        };
        if (types.Contains("number"))
        {
            types.Remove("integer");
        }

        return types.Count == 0 ? throw Unsatisfiable("an empty 'type' list allows no value", path + ".type") : types.Distinct().ToList();
    }

    /// <summary>Without 'type', generate the kinds the keywords talk about; with none, any JSON value.</summary>
    private static List<string> InferTypes(JsonObject schema)
    {
        var types = new List<string>();
        if (schema.ContainsKey("properties") || schema.ContainsKey("required") || schema.ContainsKey("additionalProperties") || schema.ContainsKey("patternProperties")
            || schema.ContainsKey("minProperties") || schema.ContainsKey("maxProperties") || schema.ContainsKey("propertyNames")
            || schema.ContainsKey("dependencies") || schema.ContainsKey("dependentRequired") || schema.ContainsKey("dependentSchemas"))
        {
            types.Add("object");
        }

        if (schema.ContainsKey("items") || schema.ContainsKey("prefixItems") || schema.ContainsKey("minItems") || schema.ContainsKey("maxItems") || schema.ContainsKey("uniqueItems"))
        {
            types.Add("array");
        }

        if (schema.ContainsKey("pattern") || schema.ContainsKey("minLength") || schema.ContainsKey("maxLength") || schema.ContainsKey("format"))
        {
            types.Add("string");
        }

        if (schema.ContainsKey("minimum") || schema.ContainsKey("maximum") || schema.ContainsKey("exclusiveMinimum") || schema.ContainsKey("exclusiveMaximum"))
        {
            types.Add("number");
        }

        return types.Count > 0 ? types : ["object", "array", "string", "number", "boolean", "null"];
    }

    private string EnumRule(JsonObject schema, string path, string hint)
    {
        var values = schema.ContainsKey("const") ? [schema["const"]] : ((JsonArray)schema["enum"]!).ToList();
        if (values.Count > _limits.MaxEnumValues)
        {
            throw CompressorException.BadRequest("schema_too_large", $"The enum has {values.Count} values; the limit is {_limits.MaxEnumValues}.", path + ".enum");
        }

        var rest = Strip(Strip(schema, "enum"), "const");
        var literals = new List<string>();
        foreach (var value in values)
        {
            if (JsonSchemaValidator.Validate(value, rest, _root).Count == 0 && (!schema.ContainsKey("const") || !schema.ContainsKey("enum")
                || ((JsonArray)schema["enum"]!).Any(e => JsonNode.DeepEquals(e, value))))
            {
                var sb = new StringBuilder();
                GbnfWriter.WriteLiteral(sb, value is null ? "null" : value.ToJsonString(Compact));
                literals.Add(sb.ToString());
            }
        }

        return literals.Count == 0
            ? throw Unsatisfiable("no enum/const value satisfies the rest of the schema", path)
            : AddRule(hint, string.Join(" | ", literals.Distinct()));
    }

    private string RefRule(string target, string path, int depth)
    {
        if (_refRules.TryGetValue(target, out var existing))
        {
            return existing;
        }

        var name = UniqueName("ref-" + target.Split('/')[^1]);
        _refRules[target] = name;
        _order.Add(name);
        _rules[name] = "\"\""; // placeholder while the body is built (recursion sees the name)
        _rules[name] = Visit(Resolve(target, path), path, name, depth + 1);
        return name;
    }

    /// <summary>
    /// if/then/else as the union of its two satisfying cases, <c>anyOf: [allOf: [if, then], allOf: [not: if, else]]</c>,
    /// added to the schema's allOf. The second case is kept only when <c>not</c> of the 'if' schema has a supported
    /// form (<see cref="NotConstraint"/>); generating from the first case alone is a sound under-approximation.
    /// Without 'if', 'then' and 'else' assert nothing.
    /// </summary>
    private JsonObject RewriteConditional(JsonObject schema, string path)
    {
        var rest = Strip(Strip(Strip(schema, "if"), "then"), "else");
        if (!schema.TryGetPropertyValue("if", out var condition))
        {
            return rest;
        }

        var then = schema["then"]?.DeepClone() ?? JsonValue.Create(true);
        var otherwise = schema["else"]?.DeepClone() ?? JsonValue.Create(true);
        var branches = new JsonArray(new JsonObject { ["allOf"] = new JsonArray(condition?.DeepClone(), then) });
        try
        {
            _ = NotConstraint.Parse(this, condition, path + ".if");
            branches.Add(new JsonObject { ["allOf"] = new JsonArray(new JsonObject { ["not"] = condition?.DeepClone() }, otherwise) });
        }
        catch (CompressorException)
        {
            // 'not' of this condition cannot be generated (or allows nothing): only the 'then' case.
        }

        var all = rest["allOf"] as JsonArray ?? [];
        rest["allOf"] = new JsonArray([.. all.Select(x => x?.DeepClone()), new JsonObject { ["anyOf"] = branches }]);
        return rest;
    }

    /// <summary>
    /// Visits a schema whose instances are optional where it is used (an optional property, an array item): when
    /// no value satisfies it, null (its rules rolled back), since leaving such a member out loses no valid instance.
    /// </summary>
    public string? TryVisit(JsonNode? schema, string path, string hint, int depth)
    {
        var checkpoint = _order.Count;
        try
        {
            return Visit(schema, path, hint, depth);
        }
        catch (CompressorException ex) when (ex.Code == "unsatisfiable_schema")
        {
            Rollback(checkpoint);
            return null;
        }
    }

    /// <summary>Forgets every rule added since <paramref name="checkpoint"/> (an earlier count of <c>_order</c>).</summary>
    private void Rollback(int checkpoint)
    {
        var removed = _order.Skip(checkpoint).ToHashSet(StringComparer.Ordinal);
        _order.RemoveRange(checkpoint, _order.Count - checkpoint);
        foreach (var name in removed)
        {
            _rules.Remove(name);
        }

        foreach (var (body, name) in _bodyToName.Where(kv => removed.Contains(kv.Value)).ToList())
        {
            _bodyToName.Remove(body);
        }

        foreach (var (target, name) in _refRules.Where(kv => removed.Contains(kv.Value)).ToList())
        {
            _refRules.Remove(target);
        }
    }

    public JsonNode Resolve(string reference, string path)
    {
        if (!reference.StartsWith('#') || (reference.Length > 1 && reference[1] != '/'))
        {
            throw BadRef(path, reference);
        }

        JsonNode? node = _root;
        foreach (var raw in reference.Length <= 2 ? [] : reference[2..].Split('/'))
        {
            var token = Uri.UnescapeDataString(raw).Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            node = node switch
            {
                JsonObject o when o.TryGetPropertyValue(token, out var child) => child,
                JsonArray a when int.TryParse(token, out var i) && i >= 0 && i < a.Count => a[i],
                _ => throw BadRef(path, reference),
            };
        }

        return node ?? throw BadRef(path, reference);
    }

    private JsonNode? ResolveShallow(JsonNode? schema, string path) =>
        schema is JsonObject { Count: 1 } o && o["$ref"] is JsonValue r && r.GetValueKind() == JsonValueKind.String ? Resolve(r.GetValue<string>(), path) : schema;

    public string Primitive(string name)
    {
        if (!_rules.ContainsKey(name))
        {
            var (body, uses) = PrimitiveRules.All[name];
            _rules[name] = body;
            _order.Add(name);
            foreach (var use in uses)
            {
                Primitive(use);
            }
        }

        return name;
    }

    /// <summary>Adds a rule (or finds the one with the same body) and returns its name.</summary>
    public string AddRule(string hint, string body)
    {
        if (_bodyToName.TryGetValue(body, out var existing))
        {
            return existing;
        }

        if (_rules.Count >= _limits.MaxRules)
        {
            throw CompressorException.BadRequest("schema_too_large", $"The schema needs more than {_limits.MaxRules} grammar rules.", "$");
        }

        var name = UniqueName(hint);
        _rules[name] = body;
        _order.Add(name);
        _bodyToName[body] = name;
        return name;
    }

    private string UniqueName(string hint)
    {
        var sb = new StringBuilder();
        foreach (var c in hint)
        {
            sb.Append(char.IsAsciiLetterOrDigit(c) ? c : '-');
        }

        var stem = sb.ToString().Trim('-');
        stem = stem.Length == 0 ? "r" : stem.Length > 40 ? stem[..40] : stem;
        if (PrimitiveRules.All.ContainsKey(stem) || stem == "root")
        {
            stem = "s-" + stem;
        }

        var name = stem;
        for (var i = 1; _rules.ContainsKey(name); i++)
        {
            name = $"{stem}-{i}";
        }

        return name;
    }

    internal static JsonObject Strip(JsonObject schema, string keyword)
    {
        var copy = new JsonObject();
        foreach (var (k, v) in schema)
        {
            if (k != keyword)
            {
                copy[k] = v?.DeepClone();
            }
        }

        return copy;
    }

    private static bool HasAssertions(JsonObject schema) =>
        schema.Any(kv => SchemaKeywords.Supported.Contains(kv.Key) && kv.Key is not "$defs" and not "definitions");

    internal static CompressorException Unsatisfiable(string message, string path) =>
        CompressorException.BadRequest("unsatisfiable_schema", $"The schema cannot be satisfied: {message}.", path);

    private static CompressorException BadRef(string path, string? reference = null) =>
        CompressorException.BadRequest(
            "unsupported_schema_keyword",
            $"Only local references ('#/$defs/...', '#/definitions/...') are supported{(reference is null ? "" : $"; '{reference}' is not one")}.",
            path);
}
