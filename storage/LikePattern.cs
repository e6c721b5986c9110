using System.Text;

namespace Compressor.Storage;

/// <summary>Builds LIKE patterns that treat the user's text literally.</summary>
internal static class LikePattern
{
    /// <summary>The escape character the SQL must name: <c>ILIKE @p ESCAPE '\'</c>.</summary>
    public const char Escape = '\\';

    /// <summary>"50%_off" becomes "%50\%\_off%": matches the text anywhere, wildcards included literally.</summary>
    public static string Contains(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var builder = new StringBuilder(text.Length + 8);
        builder.Append('%');
        foreach (var c in text)
        {
            if (c is '%' or '_' or Escape)
            {
                builder.Append(Escape);
            }

            builder.Append(c);
        }

        return builder.Append('%').ToString();
    }
}
