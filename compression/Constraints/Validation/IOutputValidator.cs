namespace Compressor.Constraints.Validation;

/// <summary>Checks a finished output against its constraint before it is returned.</summary>
public interface IOutputValidator
{
    ValidationOutcome Validate(string output);
}
