using System.Text.RegularExpressions;

namespace Compressor.Constraints.Validation;

/// <summary>Full-match check with .NET's regex engine under a timeout (the pattern is wrapped as ^(?:...)\z).</summary>
public sealed class RegexOutputValidator(string pattern) : IOutputValidator
{
    private readonly System.Text.RegularExpressions.Regex _regex = new(
        $"^(?:{pattern})\\z", RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(500));

    public ValidationOutcome Validate(string output)
    {
        try
        {
            return _regex.IsMatch(output) ? ValidationOutcome.Valid : ValidationOutcome.Invalid("the output does not match the pattern");
        }
        catch (RegexMatchTimeoutException)
        {
            return ValidationOutcome.Invalid("matching the pattern timed out");
        }
    }
}
