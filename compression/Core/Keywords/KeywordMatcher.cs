using Compressor.Compression.Scoring;

namespace Compressor.Compression.Keywords;

/// <summary>Case-insensitive keyword presence, on word boundaries where the keyword starts or ends with a word character.</summary>
public static class KeywordMatcher
{
    public static bool Contains(string text, string keyword) => IndexOf(text, keyword) >= 0;

    public static int IndexOf(string text, string keyword, int from = 0)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(keyword);
        if (keyword.Length == 0)
        {
            return -1;
        }

        var checkStart = Terms.IsWordChar(keyword[0]);
        var checkEnd = Terms.IsWordChar(keyword[^1]);
        var i = from;
        while ((i = text.IndexOf(keyword, i, StringComparison.OrdinalIgnoreCase)) >= 0)
        {
            var end = i + keyword.Length;
            var okStart = !checkStart || i == 0 || !Terms.IsWordChar(text[i - 1]);
            var okEnd = !checkEnd || end == text.Length || !Terms.IsWordChar(text[end]);
            if (okStart && okEnd)
            {
                return i;
            }

            i++;
        }

        return -1;
    }
}
