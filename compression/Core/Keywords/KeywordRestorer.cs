using Compressor.Compression.Segmentation;

namespace Compressor.Compression.Keywords;

/// <summary>
/// Puts lost keywords back: for each required keyword absent from a rewritten text, the shortest
/// original span carrying it (a clause of a sentence, else the sentence) is appended in original
/// order. Pure.
/// </summary>
public static class KeywordRestorer
{
    /// <summary>The rewritten text with spans appended, and the keywords that were restored.</summary>
    public static (string Text, List<string> Restored) Restore(string rewritten, IReadOnlyList<string> keywords, IReadOnlyList<Segment> source)
    {
        ArgumentNullException.ThrowIfNull(rewritten);
        ArgumentNullException.ThrowIfNull(keywords);
        ArgumentNullException.ThrowIfNull(source);
        var restored = new List<string>();
        var additions = new List<(int Order, string Span)>();
        foreach (var keyword in keywords)
        {
            if (KeywordMatcher.Contains(rewritten, keyword) || additions.Exists(a => KeywordMatcher.Contains(a.Span, keyword)))
            {
                continue;
            }

            if (ShortestSpan(source, keyword) is { } found)
            {
                additions.Add(found);
                restored.Add(keyword);
            }
        }

        if (additions.Count == 0)
        {
            return (rewritten, restored);
        }

        var tail = string.Join(" ", additions.OrderBy(a => a.Order).Select(a => a.Span));
        var text = rewritten.Trim().Length == 0 ? tail : rewritten.TrimEnd() + " " + tail;
        return (text, restored);
    }

    /// <summary>The shortest clause or sentence of the source that contains the keyword, with its position for ordering.</summary>
    public static (int Order, string Span)? ShortestSpan(IReadOnlyList<Segment> source, string keyword)
    {
        (int, string)? best = null;
        foreach (var segment in source)
        {
            if (!KeywordMatcher.Contains(segment.Text, keyword))
            {
                continue;
            }

            foreach (var (offset, clause) in Clauses(segment.Text))
            {
                if ((best is null || clause.Length < best.Value.Item2.Length) && KeywordMatcher.Contains(clause, keyword))
                {
                    best = (segment.ContentStart + offset, clause);
                }
            }
        }

        return best;
    }

    /// <summary>The sentence itself, then its parts between ',', ';', ':' and dashes (each trimmed).</summary>
    private static IEnumerable<(int Offset, string Clause)> Clauses(string sentence)
    {
        yield return (0, sentence);
        if (sentence.Length > 0 && IsStructuredLooking(sentence))
        {
            yield break;
        }

        var start = 0;
        for (var i = 0; i <= sentence.Length; i++)
        {
            if (i < sentence.Length && sentence[i] is not (',' or ';' or ':' or '—' or '–'))
            {
                continue;
            }

            // Never cut inside a number such as 1,000.
            if (i < sentence.Length && sentence[i] == ',' && i > 0 && i + 1 < sentence.Length && char.IsDigit(sentence[i - 1]) && char.IsDigit(sentence[i + 1]))
            {
                continue;
            }

            var clause = sentence[start..i].Trim();
            if (clause.Length > 0 && clause.Length < sentence.Length)
            {
                yield return (start, clause);
            }

            start = i + 1;
        }
    }

    private static bool IsStructuredLooking(string text) => text[0] is '{' or '[' or '<' or '|' or '`' or '~';
}
