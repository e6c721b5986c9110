namespace Compressor.Constraints.JsonSchema;

/// <summary>Bounds on what the schema converter accepts, so a hostile schema fails fast with a 400.</summary>
public sealed record JsonSchemaLimits
{
    public static JsonSchemaLimits Default { get; } = new();

    public int MaxDepth { get; init; } = 64;

    public int MaxRules { get; init; } = 10_000;

    public int MaxEnumValues { get; init; } = 5_000;

    public int MaxGrammarLength { get; init; } = 1_000_000;

    public int MaxSchemaLength { get; init; } = 1_000_000;
}
