using System.Text.RegularExpressions;
using Compressor.Compression.Scoring;

namespace Compressor.Compression.Keywords;

/// <summary>
/// Finds the words a compression must not lose (SCOPE optimization 5, keyword maintaining): dates,
/// numbers (decimals, percentages, money), quoted strings and capitalized names, plus the question's
/// content words that occur in the text. Pure; results are distinct (case-insensitive) in order of
/// first appearance.
/// </summary>
public static partial class KeywordDetector
{
    private const string Month = "(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)";

    public static List<string> Detect(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var found = new List<(int At, string Value)>();
        var covered = new List<(int Start, int End)>();

        void Add(int at, int length, string value, bool cover)
        {
            if (covered.Exists(c => at < c.End && at + length > c.Start))
            {
                return;
            }

            found.Add((at, value.Trim()));
            if (cover)
            {
                covered.Add((at, at + length));
            }
        }

        foreach (Match m in DatePattern().Matches(text))
        {
            Add(m.Index, m.Length, m.Value, true);
        }

        foreach (Match m in QuotedPattern().Matches(text))
        {
            var g = m.Groups[1].Success ? m.Groups[1] : m.Groups[2];
            Add(g.Index, g.Length, g.Value, false);
        }

        foreach (Match m in NumberPattern().Matches(text))
        {
            Add(m.Index, m.Length, m.Value.TrimEnd(',', '.'), true);
        }

        var lowercase = LowercaseWords(text);
        foreach (Match m in EntityPattern().Matches(text))
        {
            if (Entity(text, m, lowercase) is { } entity)
            {
                Add(m.Index + m.Length - entity.Length, entity.Length, entity, false);
            }
        }

        return found.OrderBy(f => f.At).Select(f => f.Value).Where(v => v.Length > 0)
            .Distinct(StringComparer.OrdinalIgnoreCase).ToList();
    }

    /// <summary>Content words of the question that occur in the text (as written in the question, lowercased).</summary>
    public static List<string> QuestionTerms(string? question, string text)
    {
        if (string.IsNullOrWhiteSpace(question))
        {
            return [];
        }

        return Terms.Words(question)
            .Where(w => w.Length > 1 && !Stopwords.Contains(w) && KeywordMatcher.Contains(text, w))
            .Distinct(StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>
    /// The name in a capitalized run, or null: a sentence-initial word is dropped when it is a
    /// function word or appears in lowercase elsewhere ("The", "However", "Reports").
    /// </summary>
    private static string? Entity(string text, Match m, HashSet<string> lowercase)
    {
        var value = m.Value;
        if (IsSentenceStart(text, m.Index))
        {
            var space = value.IndexOfAny([' ', '\t']);
            var firstWord = space < 0 ? value : value[..space];
            var common = Stopwords.Contains(firstWord) || lowercase.Contains(firstWord);
            if (common)
            {
                value = space < 0 ? "" : value[space..].Trim();
                var next = value.IndexOfAny([' ', '\t']);
                while (value.Length > 0 && Stopwords.Contains(next < 0 ? value : value[..next]))
                {
                    value = next < 0 ? "" : value[next..].Trim();
                    next = value.IndexOfAny([' ', '\t']);
                }
            }
        }

        return value.Length >= 2 && !(value.Length <= 3 && Stopwords.Contains(value)) ? value : null;
    }

    /// <summary>Words written somewhere in lowercase: a capitalized occurrence of one at a sentence start is no name.</summary>
    private static HashSet<string> LowercaseWords(string text)
    {
        var set = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            var isWord = i < text.Length && Terms.IsWordChar(text[i]);
            if (isWord && start < 0)
            {
                start = i;
            }
            else if (!isWord && start >= 0)
            {
                if (char.IsLower(text[start]))
                {
                    set.Add(text[start..i]);
                }

                start = -1;
            }
        }

        return set;
    }

    private static bool IsSentenceStart(string text, int at)
    {
        var i = at - 1;
        while (i >= 0 && text[i] is ' ' or '\t' or '"' or '\'' or '(' or '“' or '*' or '#' or '-')
        {
            i--;
        }

        return i < 0 || text[i] is '.' or '!' or '?' or '\n' or '\r' or ':' or '。';
    }

    [GeneratedRegex(@"\b(?:\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}/\d{2,4}|" + Month + @"\.? \d{1,2}(?:st|nd|rd|th)?(?:, \d{4})?|\d{1,2} " + Month + @"\.?,? \d{4}|" + Month + @" \d{4})\b")]
    private static partial Regex DatePattern();

    [GeneratedRegex(@"(?:[$€£¥]\s?)?(?<![\p{L}\p{Nd}.,])\d[\d,]*(?:\.\d+)?(?:%|\s?(?:million|billion|trillion)\b)?(?![\p{L}\p{Nd}])")]
    private static partial Regex NumberPattern();

    [GeneratedRegex("\"([^\"\\n]{2,80})\"|“([^”\\n]{2,80})”")]
    private static partial Regex QuotedPattern();

    [GeneratedRegex(@"(?<![\p{L}\p{Nd}])\p{Lu}[\p{L}\p{M}\p{Nd}'’-]*(?:[ \t]+(?:(?:of|the|de|van|von|der|la|le|du|da|del|al|and)[ \t]+)?\p{Lu}[\p{L}\p{M}\p{Nd}'’-]*)*")]
    private static partial Regex EntityPattern();
}
