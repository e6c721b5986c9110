namespace Compressor.Constraints.JsonSchema;

/// <summary>Which keywords the converter honours, which it may ignore, and which it must refuse.</summary>
internal static class SchemaKeywords
{
    public static readonly HashSet<string> Supported = new(StringComparer.Ordinal)
    {
        "type", "properties", "required", "additionalProperties", "enum", "const", "items", "prefixItems",
        "additionalItems", "minItems", "maxItems", "anyOf", "oneOf", "allOf", "$ref", "$defs", "definitions",
        "minLength", "maxLength", "pattern", "format", "patternProperties", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum",
    };

    /// <summary>Vocabulary keywords with assertions we cannot express; everything else unknown is an annotation.</summary>
    public static readonly HashSet<string> Unsupported = new(StringComparer.Ordinal)
    {
        "propertyNames", "dependentRequired", "dependentSchemas", "dependencies", "if", "then",
        "else", "not", "uniqueItems", "multipleOf", "contains", "minContains", "maxContains", "minProperties",
        "maxProperties", "unevaluatedProperties", "unevaluatedItems", "$dynamicRef", "$recursiveRef",
        "contentSchema",
    };

    public static bool IsAnnotation(string keyword) => !Supported.Contains(keyword) && !Unsupported.Contains(keyword);

    /// <summary>Values of unsupported keywords that assert nothing, so accepting them ignores nothing.</summary>
    public static bool IsNoOp(string keyword, System.Text.Json.Nodes.JsonNode? value) => keyword switch
    {
        "uniqueItems" => value is System.Text.Json.Nodes.JsonValue v && v.TryGetValue<bool>(out var b) && !b,
        "minProperties" or "minContains" => value is System.Text.Json.Nodes.JsonValue v && v.TryGetValue<double>(out var d) && d == 0,
        "patternProperties" or "dependentRequired" or "dependentSchemas" or "dependencies" =>
            value is System.Text.Json.Nodes.JsonObject { Count: 0 },
        _ => false,
    };
}
