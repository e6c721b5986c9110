using System.Text.RegularExpressions;
using Shape = System.Text.RegularExpressions.Regex;

namespace Compressor.Constraints.JsonSchema;

/// <summary>Format assertions with the same shapes as the grammars in <see cref="PrimitiveRules"/>.</summary>
internal static class StringFormats
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(1);
    private const string Date = @"[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])";
    private const string Time = @"([01][0-9]|2[0-3]):[0-5][0-9]:([0-5][0-9]|60)(\.[0-9]{1,9})?([Zz]|[+-]([01][0-9]|2[0-3]):[0-5][0-9])";

    private static readonly Dictionary<string, Shape> Shapes = new(StringComparer.Ordinal)
    {
        ["date"] = new($"^{Date}$", RegexOptions.None, Timeout),
        ["time"] = new($"^{Time}$", RegexOptions.None, Timeout),
        ["date-time"] = new($"^{Date}[Tt ]{Time}$", RegexOptions.None, Timeout),
        ["uuid"] = new("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$", RegexOptions.None, Timeout),
        ["email"] = new(@"^[a-zA-Z0-9!#$%&'*+/=?^_`{|}~.-]{1,64}@[a-zA-Z0-9-]{1,63}(\.[a-zA-Z0-9-]{1,63}){1,8}$", RegexOptions.None, Timeout),
        ["uri"] = new(@"^[a-zA-Z][a-zA-Z0-9+.-]{0,30}:[^ ""\\<>{}|^`\x00-\x1F\x7F]{1,2000}$", RegexOptions.None, Timeout),
        ["ipv4"] = new(@"^((25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9][0-9]|[0-9])\.){3}(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9][0-9]|[0-9])$", RegexOptions.None, Timeout),
    };

    public static bool IsValid(string format, string value) => !Shapes.TryGetValue(format, out var shape) || shape.IsMatch(value);
}
