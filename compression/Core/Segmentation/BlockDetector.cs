using System.Text.Json;
using System.Xml;

namespace Compressor.Compression.Segmentation;

/// <summary>
/// Recognizes the structured blocks that start at a line: fenced code, Markdown tables, JSON and XML.
/// Each method returns the end of the block's content (exclusive), or -1 when no block starts here.
/// </summary>
internal static class BlockDetector
{
    /// <summary>Longest XML block looked for, so an unclosed tag in prose costs a bounded scan.</summary>
    private const int MaxXmlChars = 256 * 1024;

    /// <summary>Fenced code (``` or ~~~, at most 3 spaces indented) up to the closing fence or the end of the text.</summary>
    public static int Fence(string text, int lineStart, int lineEnd)
    {
        var i = lineStart;
        while (i < lineEnd && i - lineStart < 3 && text[i] == ' ')
        {
            i++;
        }

        if (i + 3 > lineEnd || text[i] is not ('`' or '~'))
        {
            return -1;
        }

        var fenceChar = text[i];
        var runStart = i;
        while (i < lineEnd && text[i] == fenceChar)
        {
            i++;
        }

        var length = i - runStart;
        if (length < 3)
        {
            return -1;
        }

        var pos = NextLine(text, lineEnd);
        while (pos < text.Length)
        {
            var end = LineEnd(text, pos);
            var line = text.AsSpan(pos, end - pos).Trim();
            if (line.Length >= length && line.IndexOfAnyExcept(fenceChar) < 0)
            {
                return TrimEnd(text, lineStart, end);
            }

            pos = NextLine(text, end);
        }

        return TrimEnd(text, lineStart, text.Length);
    }

    /// <summary>A table: a row of cells followed by a separator row (|---|:--|), then more rows.</summary>
    public static int Table(string text, int lineStart, int lineEnd)
    {
        if (!IsRow(text.AsSpan(lineStart, lineEnd - lineStart)))
        {
            return -1;
        }

        var second = NextLine(text, lineEnd);
        if (second >= text.Length)
        {
            return -1;
        }

        var secondEnd = LineEnd(text, second);
        var sep = text.AsSpan(second, secondEnd - second).Trim();
        if (sep.Length < 3 || !sep.Contains('-') || sep.IndexOfAnyExcept("|-: ") >= 0 || !sep.Contains('|'))
        {
            return -1;
        }

        var end = secondEnd;
        var pos = NextLine(text, secondEnd);
        while (pos < text.Length)
        {
            var e = LineEnd(text, pos);
            if (!IsRow(text.AsSpan(pos, e - pos)))
            {
                break;
            }

            end = e;
            pos = NextLine(text, e);
        }

        return end;
    }

    /// <summary>A balanced {...} or [...] starting the line, ending a line, and parsing as JSON.</summary>
    public static int Json(string text, int contentStart)
    {
        var open = text[contentStart];
        if (open is not ('{' or '['))
        {
            return -1;
        }

        var depth = 0;
        var inString = false;
        for (var i = contentStart; i < text.Length; i++)
        {
            var c = text[i];
            if (inString)
            {
                if (c == '\\')
                {
                    i++;
                }
                else if (c == '"')
                {
                    inString = false;
                }

                continue;
            }

            if (c == '"')
            {
                inString = true;
            }
            else if (c is '{' or '[')
            {
                depth++;
            }
            else if (c is '}' or ']' && --depth == 0)
            {
                var end = i + 1;
                return RestOfLineBlank(text, end) && Parses(text.AsSpan(contentStart, end - contentStart)) ? end : -1;
            }
        }

        return -1;
    }

    /// <summary>A well-formed XML element starting the line (an optional declaration before it).</summary>
    public static int Xml(string text, int contentStart)
    {
        if (text[contentStart] != '<' || contentStart + 1 >= text.Length
            || !(char.IsLetter(text[contentStart + 1]) || text[contentStart + 1] == '?'))
        {
            return -1;
        }

        var rootAt = contentStart;
        if (text[contentStart + 1] == '?')
        {
            var declEnd = text.IndexOf("?>", contentStart, StringComparison.Ordinal);
            rootAt = declEnd < 0 ? -1 : text.IndexOf('<', declEnd);
        }

        if (rootAt < 0 || rootAt + 1 >= text.Length || !char.IsLetter(text[rootAt + 1]))
        {
            return -1;
        }

        var nameEnd = rootAt + 1;
        while (nameEnd < text.Length && (char.IsLetterOrDigit(text[nameEnd]) || text[nameEnd] is ':' or '-' or '_' or '.'))
        {
            nameEnd++;
        }

        var closing = "</" + text[(rootAt + 1)..nameEnd] + ">";
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null };

        // Only lines ending with the root's closing tag (or a self-closing first line) are candidates,
        // so a stray '<' costs one scan, not a parse per line.
        for (var pos = contentStart; pos < text.Length;)
        {
            var lineEnd = LineEnd(text, pos);
            var trimmed = TrimEnd(text, contentStart, lineEnd);
            var candidate = text.AsSpan(contentStart, trimmed - contentStart);
            if ((candidate.EndsWith(closing, StringComparison.Ordinal) || (pos == contentStart && candidate.EndsWith("/>", StringComparison.Ordinal)))
                && WellFormed(candidate.ToString(), settings))
            {
                return trimmed;
            }

            if (lineEnd - contentStart > MaxXmlChars)
            {
                break;
            }

            pos = NextLine(text, lineEnd);
        }

        return -1;
    }

    public static int LineEnd(string text, int pos)
    {
        var nl = text.IndexOf('\n', pos);
        return nl < 0 ? text.Length : nl;
    }

    public static int NextLine(string text, int lineEnd) => lineEnd < text.Length ? lineEnd + 1 : text.Length;

    public static int TrimEnd(string text, int start, int end)
    {
        while (end > start && char.IsWhiteSpace(text[end - 1]))
        {
            end--;
        }

        return end;
    }

    private static bool IsRow(ReadOnlySpan<char> line)
    {
        var t = line.Trim();
        return t.Length >= 2 && t[0] == '|' && t[1..].Contains('|');
    }

    private static bool RestOfLineBlank(string text, int pos)
    {
        for (var i = pos; i < text.Length && text[i] != '\n'; i++)
        {
            if (!char.IsWhiteSpace(text[i]))
            {
                return false;
            }
        }

        return true;
    }

    private static bool Parses(ReadOnlySpan<char> json)
    {
        try
        {
            using var doc = JsonDocument.Parse(json.ToString());
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static bool WellFormed(string xml, XmlReaderSettings settings)
    {
        try
        {
            using var reader = XmlReader.Create(new StringReader(xml), settings);
            while (reader.Read())
            {
            }

            return true;
        }
        catch (XmlException)
        {
            return false;
        }
    }
}
