using System.Text.Json;
using System.Text.Json.Nodes;
using Compressor.Compression.Errors;

namespace Compressor.Constraints.JsonSchema;

/// <summary>
/// Decides, before an object's grammar is built, which properties are always emitted (<see cref="Required"/>),
/// which are never emitted (<see cref="Forbidden"/>), and the property schemas to use. It turns the conditional
/// object keywords into these unconditional choices, each a sound under-approximation:
/// <list type="bullet">
/// <item><c>dependentRequired</c> / array-form <c>dependencies</c> (A needs B...): when A is required, or may appear
/// as an undeclared extra member, B... become required. When A is an optional declared property, B... are promoted
/// to required if each is declared (or extra members are allowed), otherwise A is never emitted.</item>
/// <item><c>dependentSchemas</c> / schema-form <c>dependencies</c>: supported when the subschema only adds
/// <c>required</c>, <c>properties</c> (merged into the object's properties as allOf) and <c>not: {required}</c>
/// (possibly under allOf); applied unconditionally when A is required or may be an extra member, else (A an
/// optional declared property) A is never emitted unless the subschema only requires declared names. Anything else is refused.</item>
/// <item><c>not: {required: [...]}</c>: for each listed combination one member that is not required is never
/// emitted; when all are required the schema is unsatisfiable.</item>
/// <item><c>propertyNames</c>: declared optional properties whose name fails it are never emitted; a required one
/// makes the schema unsatisfiable (extra member keys follow it in <see cref="ObjectGrammar"/>).</item>
/// </list>
/// Like the rest of the object grammar, extra members (additionalProperties) are assumed not to repeat a
/// declared property name; an undeclared name that extra members could produce is treated as possibly present.
/// </summary>
internal sealed class ObjectPlan
{
    private readonly JsonObject _schema;
    private readonly SchemaGrammarBuilder _b;
    private readonly string _path;

    private ObjectPlan(SchemaGrammarBuilder b, JsonObject schema, string path)
    {
        _b = b;
        _schema = schema;
        _path = path;
        Properties = schema["properties"] is JsonObject p ? (JsonObject)p.DeepClone() : [];
        foreach (var name in (schema["required"] as JsonArray ?? []).Select(r => r?.GetValue<string>() ?? string.Empty))
        {
            Require(name, path + ".required");
        }
    }

    public JsonObject Properties { get; }

    /// <summary>Required names, in the order 'properties' lists them, then names it does not list.</summary>
    public List<string> Required { get; private set; } = [];

    public HashSet<string> Forbidden { get; } = new(StringComparer.Ordinal);

    private List<List<string>> Combos { get; } = [];

    public static ObjectPlan Create(SchemaGrammarBuilder b, JsonObject schema, string path, NotConstraint? not)
    {
        var plan = new ObjectPlan(b, schema, path);
        plan.ApplyPropertyNames();
        plan.Combos.AddRange(not?.RequiredCombos ?? []);
        var pending = plan.Dependencies();
        plan.Resolve(pending);
        plan.Required = [.. plan.Properties.Select(kv => kv.Key).Where(plan.Required.Contains), .. plan.Required.Where(r => !plan.Properties.ContainsKey(r))];
        return plan;
    }

    /// <summary>A schema that no value satisfies in an obvious way: <c>false</c> or <c>{"not": {}}</c>.</summary>
    public static bool IsFalse(JsonNode? schema) => schema switch
    {
        JsonValue v when v.TryGetValue<bool>(out var allowed) => !allowed,
        JsonObject o => o["not"] switch
        {
            JsonValue n when n.TryGetValue<bool>(out var nb) => nb,
            JsonObject n => n.All(kv => SchemaKeywords.IsAnnotation(kv.Key)),
            _ => false,
        },
        _ => false,
    };

    /// <summary>Whether an extra member (patternProperties or additionalProperties) could have this name.</summary>
    public bool ExtrasCanProduce(string name)
    {
        if (Properties.ContainsKey(name))
        {
            return false;
        }

        if (!(_schema["additionalProperties"] is JsonValue v && v.TryGetValue<bool>(out var allowed) && !allowed))
        {
            return true;
        }

        return (_schema["patternProperties"] as JsonObject ?? []).Any(kv => JsonSchemaValidator.Pattern(kv.Key).IsMatch(name));
    }

    private bool NeverPresent(string name) =>
        Forbidden.Contains(name) || (Properties.TryGetPropertyValue(name, out var s) ? IsFalse(s) : !ExtrasCanProduce(name));

    private void Require(string name, string path)
    {
        if (Forbidden.Contains(name))
        {
            throw Conflict(path);
        }

        if (!Required.Contains(name))
        {
            Required.Add(name);
        }
    }

    private void Forbid(string name, string path)
    {
        if (Required.Contains(name))
        {
            throw Conflict(path);
        }

        Forbidden.Add(name);
    }

    private void ApplyPropertyNames()
    {
        if (!_schema.TryGetPropertyValue("propertyNames", out var names))
        {
            return;
        }

        foreach (var (name, _) in Properties)
        {
            if (!JsonSchemaValidator.IsValid(JsonValue.Create(name), names, _b.Root))
            {
                if (Required.Contains(name))
                {
                    throw SchemaGrammarBuilder.Unsatisfiable($"required property '{name}' fails propertyNames", _path + ".propertyNames");
                }

                Forbidden.Add(name);
            }
        }

        foreach (var name in Required.Where(n => !JsonSchemaValidator.IsValid(JsonValue.Create(n), names, _b.Root)))
        {
            throw SchemaGrammarBuilder.Unsatisfiable($"required property '{name}' fails propertyNames", _path + ".propertyNames");
        }
    }

    private sealed record Dependency(string Trigger, List<string> Names, JsonObject Properties, List<List<string>> Combos, string Path)
    {
        public bool OnlyAdds => Combos.Count == 0;
    }

    private List<Dependency> Dependencies()
    {
        var result = new List<Dependency>();
        foreach (var keyword in new[] { "dependencies", "dependentRequired", "dependentSchemas" })
        {
            if (_schema[keyword] is null)
            {
                continue;
            }

            if (_schema[keyword] is not JsonObject map)
            {
                throw CompressorException.BadRequest("invalid_schema", $"'{keyword}' must be an object.", $"{_path}.{keyword}");
            }

            foreach (var (trigger, value) in map)
            {
                var path = $"{_path}.{keyword}.{trigger}";
                var dependency = new Dependency(trigger, [], [], [], path);
                if (value is JsonArray names && keyword != "dependentSchemas")
                {
                    dependency.Names.AddRange(names.Select(n => n?.GetValue<string>() ?? throw CompressorException.BadRequest("invalid_schema", "Dependency names must be strings.", path)));
                }
                else if (keyword != "dependentRequired")
                {
                    AddSchema(dependency, value, path, 0);
                }
                else
                {
                    throw CompressorException.BadRequest("invalid_schema", "'dependentRequired' values must be arrays of names.", path);
                }

                result.Add(dependency);
            }
        }

        return result;
    }

    /// <summary>Reads a dependent schema made of required/properties/not-required (possibly under allOf or a $ref).</summary>
    private void AddSchema(Dependency dependency, JsonNode? schema, string path, int depth)
    {
        if (depth > 16)
        {
            throw Unsupported(path, "this dependency");
        }

        switch (schema)
        {
            case JsonValue v when v.TryGetValue<bool>(out var allowed):
                if (!allowed)
                {
                    dependency.Combos.Add([dependency.Trigger]); // the trigger can never be present
                }

                return;
            case JsonObject:
                break;
            default:
                throw CompressorException.BadRequest("invalid_schema", "A schema must be an object or a boolean.", path);
        }

        foreach (var (key, value) in (JsonObject)schema)
        {
            switch (key)
            {
                case "required" when value is JsonArray names:
                    dependency.Names.AddRange(names.Select(n => n!.GetValue<string>()));
                    break;
                case "properties" when value is JsonObject properties:
                    foreach (var (name, propertySchema) in properties)
                    {
                        dependency.Properties[name] = dependency.Properties.TryGetPropertyValue(name, out var existing)
                            ? new JsonObject { ["allOf"] = new JsonArray(existing?.DeepClone(), propertySchema?.DeepClone()) }
                            : propertySchema?.DeepClone();
                    }

                    break;
                case "not":
                    var not = NotConstraint.Parse(_b, value, $"{path}.not");
                    if (not.ExcludedTypes.Count > 0 || not.ExcludedValues.Count > 0 || not.Pattern is not null)
                    {
                        throw Unsupported($"{path}.not", "'not' other than 'not: {required}'");
                    }

                    dependency.Combos.AddRange(not.RequiredCombos);
                    break;
                case "allOf" when value is JsonArray parts:
                    for (var i = 0; i < parts.Count; i++)
                    {
                        AddSchema(dependency, parts[i], $"{path}.allOf[{i}]", depth + 1);
                    }

                    break;
                case "$ref" when value is JsonValue r && r.GetValueKind() == JsonValueKind.String:
                    AddSchema(dependency, _b.Resolve(r.GetValue<string>(), $"{path}.$ref"), $"{path}.$ref", depth + 1);
                    break;
                case "type" when value is JsonValue t && t.GetValueKind() == JsonValueKind.String && t.GetValue<string>() == "object":
                case "type" when value is JsonArray ts && ts.Any(x => x?.GetValue<string>() == "object"):
                case "$defs" or "definitions":
                    break;
                default:
                    if (!SchemaKeywords.IsAnnotation(key))
                    {
                        throw Unsupported($"{path}.{key}", $"'{key}' in a dependent schema");
                    }

                    break;
            }
        }
    }

    private void Apply(Dependency dependency)
    {
        foreach (var name in dependency.Names)
        {
            Require(name, dependency.Path);
        }

        foreach (var (name, schema) in dependency.Properties)
        {
            Properties[name] = Properties.TryGetPropertyValue(name, out var existing)
                ? new JsonObject { ["allOf"] = new JsonArray(existing?.DeepClone(), schema?.DeepClone()) }
                : schema?.DeepClone();
        }

        Combos.AddRange(dependency.Combos);
    }

    private void Resolve(List<Dependency> pending)
    {
        var resolved = new HashSet<List<string>>();
        for (var guard = 0; guard < 10_000; guard++)
        {
            var progress = false;
            foreach (var dependency in pending.ToList())
            {
                var trigger = dependency.Trigger;
                if (Required.Contains(trigger) || ExtrasCanProduce(trigger))
                {
                    Apply(dependency);
                    pending.Remove(dependency);
                    progress = true;
                }
                else if (NeverPresent(trigger) || (dependency.Names.Count == 0 && dependency.Properties.Count == 0 && dependency.Combos.All(c => c.Any(NeverPresent))))
                {
                    pending.Remove(dependency);
                    progress = true;
                }
            }

            foreach (var combo in Combos.Where(c => !resolved.Contains(c)).ToList())
            {
                resolved.Add(combo);
                if (combo.Any(NeverPresent))
                {
                    continue;
                }

                var candidate = combo.FirstOrDefault(n => !Required.Contains(n) && !ExtrasCanProduce(n));
                if (candidate is null)
                {
                    throw combo.All(Required.Contains)
                        ? SchemaGrammarBuilder.Unsatisfiable($"the properties {string.Join(", ", combo.Select(n => $"'{n}'"))} are required but must not all be present", _path)
                        : Unsupported(_path + ".not", "'not: {required}' over names that extra members may produce");
                }

                Forbid(candidate, _path + ".not");
                progress = true;
            }

            if (!progress && pending.Count > 0)
            {
                // An optional declared trigger: add what it needs when that is simple, else never emit it.
                var dependency = pending[0];
                pending.RemoveAt(0);
                if (dependency.Properties.Count == 0 && dependency.OnlyAdds && dependency.Names.All(n => !Forbidden.Contains(n)
                    && (Properties.TryGetPropertyValue(n, out var s) ? !IsFalse(s) : ExtrasCanProduce(n))))
                {
                    Apply(dependency);
                }
                else
                {
                    Forbid(dependency.Trigger, dependency.Path);
                }

                progress = true;
            }

            if (!progress)
            {
                return;
            }
        }

        throw Unsupported(_path, "these dependencies");
    }

    private static CompressorException Conflict(string path) =>
        CompressorException.BadRequest(
            "unsupported_schema_keyword", "The object's dependencies, 'not' and 'required' conflict in a way the converter cannot resolve.", path);

    private static CompressorException Unsupported(string path, string what) =>
        CompressorException.BadRequest("unsupported_schema_keyword", $"{what} is not supported in constraints.", path);
}
