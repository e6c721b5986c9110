namespace Compressor.Constraints.Validation;

/// <summary>Exact match of one of the options.</summary>
public sealed class ChoiceOutputValidator(IReadOnlyList<string> options) : IOutputValidator
{
    public ValidationOutcome Validate(string output) =>
        options.Contains(output, StringComparer.Ordinal) ? ValidationOutcome.Valid : ValidationOutcome.Invalid("the output is not one of the choices");
}
