namespace Compressor.Constraints.JsonSchema;

/// <summary>Which keywords the converter honours, which it may ignore, and which it must refuse.</summary>
internal static class SchemaKeywords
{
    public static readonly HashSet<string> Supported = new(StringComparer.Ordinal)
    {
        "type", "properties", "required", "additionalProperties", "enum", "const", "items", "prefixItems",
        "additionalItems", "minItems", "maxItems", "anyOf", "oneOf", "allOf", "$ref", "$defs", "definitions",
        "minLength", "maxLength", "pattern", "format", "patternProperties", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum",
        "minProperties", "maxProperties", "dependentRequired", "dependentSchemas", "dependencies", "uniqueItems", "not", "propertyNames", "if", "then", "else",
    };

    /// <summary>Vocabulary keywords with assertions we cannot express; everything else unknown is an annotation.</summary>
    public static readonly HashSet<string> Unsupported = new(StringComparer.Ordinal)
    {
        "multipleOf", "contains", "minContains", "maxContains",
        "unevaluatedProperties", "unevaluatedItems", "$dynamicRef", "$recursiveRef",
        "contentSchema",
    };

    /// <summary>
    /// Unsupported keywords that <see cref="JsonSchemaValidator"/> checks exactly. In a schema with 'enum' or
    /// 'const' every literal is validated against the whole schema before it is emitted, so these are sound there.
    /// </summary>
    public static readonly HashSet<string> CheckedOnLiterals = new(StringComparer.Ordinal)
    {
        "multipleOf", "contains", "minContains", "maxContains",
    };

    public static bool IsAnnotation(string keyword) => !Supported.Contains(keyword) && !Unsupported.Contains(keyword);

    /// <summary>Values of unsupported keywords that assert nothing, so accepting them ignores nothing.</summary>
    public static bool IsNoOp(string keyword, System.Text.Json.Nodes.JsonNode? value) => keyword switch
    {
        "minContains" => value is System.Text.Json.Nodes.JsonValue v && v.TryGetValue<double>(out var d) && d == 0,
        _ => false,
    };
}
