namespace Compressor.Constraints;

/// <summary>The constraint types of <c>/v1/generate</c>.</summary>
public enum ConstraintKind
{
    JsonSchema,
    Regex,
    Grammar,
    Choice,
}
