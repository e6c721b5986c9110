using Compressor.Compression.Errors;
using Compressor.Constraints.Gbnf;

namespace Compressor.Constraints.Validation;

/// <summary>Membership in the grammar's language, decided by <see cref="GbnfMatcher"/>.</summary>
public sealed class GrammarOutputValidator(GbnfMatcher matcher) : IOutputValidator
{
    public ValidationOutcome Validate(string output)
    {
        try
        {
            var result = matcher.Match(output);
            return result.IsMatch ? ValidationOutcome.Valid
                : result.IsPrefix ? ValidationOutcome.Invalid("the output is incomplete under the grammar")
                : ValidationOutcome.Invalid($"the output leaves the grammar at character {result.FailedAt}");
        }
        catch (CompressorException ex)
        {
            return ValidationOutcome.Invalid(ex.Message);
        }
    }
}
