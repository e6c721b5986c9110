namespace Compressor.Compression.Segmentation;

/// <summary>
/// Finds sentence ends in prose. A '.', '!' or '?' (optionally followed by closing quotes or brackets)
/// ends a sentence when whitespace follows and the next word does not start in lowercase; known
/// abbreviations, initials and decimals do not end sentences. CJK full stops end a sentence without
/// needing whitespace.
/// </summary>
public static class SentenceSplitter
{
    private static readonly HashSet<string> Abbreviations = new(StringComparer.OrdinalIgnoreCase)
    {
        "e.g", "i.e", "dr", "mr", "mrs", "ms", "prof", "sr", "jr", "st", "vs", "cf", "fig", "figs", "no", "nos",
        "approx", "al", "inc", "ltd", "co", "corp", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept",
        "oct", "nov", "dec", "mt", "gen", "col", "lt", "sgt", "rev", "vol", "eq", "ed", "ca", "u.s", "u.k", "p", "pp",
    };

    /// <summary>Content ranges [start, end) of the sentences in text[start..end), trimmed of whitespace.</summary>
    public static List<(int Start, int End)> Split(string text, int start, int end)
    {
        var result = new List<(int, int)>();
        var sentenceStart = SkipSpace(text, start, end);
        var i = sentenceStart;
        while (i < end)
        {
            var c = text[i];
            int after;
            if (c is '。' or '！' or '？' or '｡')
            {
                after = SkipClosers(text, i + 1, end);
            }
            else if (c is '.' or '!' or '?' or '…')
            {
                after = SkipClosers(text, SkipRun(text, i, end), end);
                if (after < end && !char.IsWhiteSpace(text[after]))
                {
                    i = after;
                    continue;
                }

                if (!EndsSentence(text, sentenceStart, i, after, end))
                {
                    i = after;
                    continue;
                }
            }
            else
            {
                i++;
                continue;
            }

            result.Add((sentenceStart, after));
            sentenceStart = SkipSpace(text, after, end);
            i = sentenceStart;
        }

        var tail = TrimEnd(text, sentenceStart, end);
        if (tail > sentenceStart)
        {
            result.Add((sentenceStart, tail));
        }

        return result;
    }

    private static bool EndsSentence(string text, int sentenceStart, int mark, int after, int end)
    {
        var next = SkipSpace(text, after, end);
        if (next >= end)
        {
            return true;
        }

        var nextChar = text[next];
        if (char.IsLower(nextChar))
        {
            return false;
        }

        if (text[mark] != '.' || (mark + 1 < end && text[mark + 1] == '.'))
        {
            return true;
        }

        // The word before the dot: an abbreviation or a single initial ("J. R. R. Tolkien") does not end.
        var wordStart = mark;
        while (wordStart > sentenceStart && (char.IsLetter(text[wordStart - 1]) || text[wordStart - 1] == '.'))
        {
            wordStart--;
        }

        var word = text[wordStart..mark];
        if (word.Length == 1 && char.IsUpper(word[0]))
        {
            return false;
        }

        return !Abbreviations.Contains(word);
    }

    private static int SkipRun(string text, int i, int end)
    {
        while (i < end && text[i] is '.' or '!' or '?' or '…')
        {
            i++;
        }

        return i;
    }

    private static int SkipClosers(string text, int i, int end)
    {
        while (i < end && text[i] is '"' or '\'' or ')' or ']' or '”' or '’' or '»' or '」' or '』' or '）')
        {
            i++;
        }

        return i;
    }

    private static int SkipSpace(string text, int i, int end)
    {
        while (i < end && char.IsWhiteSpace(text[i]))
        {
            i++;
        }

        return i;
    }

    private static int TrimEnd(string text, int start, int end)
    {
        while (end > start && char.IsWhiteSpace(text[end - 1]))
        {
            end--;
        }

        return end;
    }
}
