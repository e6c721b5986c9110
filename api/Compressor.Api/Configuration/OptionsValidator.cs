using Microsoft.Extensions.Options;

namespace Compressor.Api.Configuration;

/// <summary>Adapts an options type's own Validate() to ValidateOnStart, so bad settings stop the service at boot naming the setting.</summary>
public sealed class OptionsValidator<T>(Func<T, IEnumerable<string>> validate) : IValidateOptions<T>
    where T : class
{
    public ValidateOptionsResult Validate(string? name, T options)
    {
        var problems = validate(options).ToList();
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
