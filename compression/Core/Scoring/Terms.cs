using System.Globalization;

namespace Compressor.Compression.Scoring;

/// <summary>
/// Splits text into lowercase word terms, with a light suffix stemmer so "compressions" and
/// "compressed" meet "compress". Letters and digits of any script form words.
/// </summary>
public static class Terms
{
    /// <summary>Every word of <paramref name="text"/>, lowercased (stopwords included).</summary>
    public static List<string> Words(string text)
    {
        var words = new List<string>();
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            var isWord = i < text.Length && IsWordChar(text[i]);
            if (isWord && start < 0)
            {
                start = i;
            }
            else if (!isWord && start >= 0)
            {
                words.Add(text.AsSpan(start, i - start).ToString().ToLowerInvariant());
                start = -1;
            }
        }

        return words;
    }

    /// <summary>Stemmed content words: stopwords removed.</summary>
    public static List<string> Content(string text)
    {
        var words = Words(text);
        var result = new List<string>(words.Count);
        foreach (var w in words)
        {
            if (!Stopwords.Contains(w))
            {
                result.Add(Stem(w));
            }
        }

        return result;
    }

    public static bool IsWordChar(char c) =>
        char.IsLetterOrDigit(c) || CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark;

    /// <summary>A crude English stemmer: enough to match inflections, never meant as linguistics.</summary>
    public static string Stem(string word)
    {
        if (word.Length <= 3)
        {
            return word;
        }

        ReadOnlySpan<string> suffixes = ["ations", "ation", "ings", "ing", "edly", "ed", "ies", "es", "s", "ly"];
        foreach (var suffix in suffixes)
        {
            if (word.Length - suffix.Length >= 3 && word.EndsWith(suffix, StringComparison.Ordinal))
            {
                var stem = word[..^suffix.Length];
                return suffix == "ies" ? stem + "y" : stem;
            }
        }

        return word;
    }
}
