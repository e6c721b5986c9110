namespace Compressor.Constraints.Validation;

/// <summary>Whether an output satisfies its constraint, and the first reason when it does not.</summary>
public readonly record struct ValidationOutcome(bool IsValid, string? Error)
{
    public static ValidationOutcome Valid { get; } = new(true, null);

    public static ValidationOutcome Invalid(string error) => new(false, error);
}
