using System.Text.RegularExpressions;

namespace Compressor.Compression.Segmentation;

/// <summary>
/// Splits a text into segments whose spans tile it exactly: block structure first (fences, tables,
/// JSON, XML, headings, list items, paragraphs), then sentences inside prose paragraphs.
/// Whitespace between two segments belongs to the preceding one.
/// </summary>
public static partial class TextSegmenter
{
    public static IReadOnlyList<Segment> Split(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var raw = new List<(int Start, int End, SegmentKind Kind, bool Para)>();
        var pos = 0;
        var paragraphStart = true;
        while (pos < text.Length)
        {
            var lineEnd = BlockDetector.LineEnd(text, pos);
            var contentStart = pos;
            while (contentStart < lineEnd && char.IsWhiteSpace(text[contentStart]))
            {
                contentStart++;
            }

            if (contentStart == lineEnd)
            {
                paragraphStart = true;
                pos = BlockDetector.NextLine(text, lineEnd);
                continue;
            }

            if (TryBlock(text, pos, lineEnd, contentStart, out var kind, out var blockEnd))
            {
                raw.Add((contentStart, blockEnd, kind, true));
                paragraphStart = true;

                pos = BlockDetector.NextLine(text, BlockDetector.LineEnd(text, blockEnd));
                continue;
            }

            // A prose paragraph runs until a blank line or a line that starts a block.
            var end = lineEnd;
            var next = BlockDetector.NextLine(text, lineEnd);
            while (next < text.Length)
            {
                var nextEnd = BlockDetector.LineEnd(text, next);
                var nextContent = next;
                while (nextContent < nextEnd && char.IsWhiteSpace(text[nextContent]))
                {
                    nextContent++;
                }

                if (nextContent == nextEnd || TryBlock(text, next, nextEnd, nextContent, out _, out _))
                {
                    break;
                }

                end = nextEnd;
                next = BlockDetector.NextLine(text, nextEnd);
            }

            var first = true;
            foreach (var (s, e) in SentenceSplitter.Split(text, contentStart, end))
            {
                raw.Add((s, e, SegmentKind.Sentence, first && paragraphStart));
                first = false;
            }

            paragraphStart = false;
            pos = next;
        }

        return Tile(text, raw);
    }

    private static bool TryBlock(string text, int lineStart, int lineEnd, int contentStart, out SegmentKind kind, out int end)
    {
        kind = SegmentKind.CodeBlock;
        if ((end = BlockDetector.Fence(text, lineStart, lineEnd)) >= 0)
        {
            return true;
        }

        kind = SegmentKind.Table;
        if ((end = BlockDetector.Table(text, lineStart, lineEnd)) >= 0)
        {
            return true;
        }

        var line = text.AsSpan(contentStart, lineEnd - contentStart);
        kind = SegmentKind.Json;
        if (line[0] is '{' or '[' && (end = BlockDetector.Json(text, contentStart)) >= 0)
        {
            return true;
        }

        kind = SegmentKind.Xml;
        if (line[0] == '<' && (end = BlockDetector.Xml(text, contentStart)) >= 0)
        {
            return true;
        }

        end = BlockDetector.TrimEnd(text, contentStart, lineEnd);
        kind = SegmentKind.Heading;
        if (HeadingPattern().IsMatch(line))
        {
            return true;
        }

        kind = SegmentKind.ListItem;
        if (!ListItemPattern().IsMatch(line))
        {
            return false;
        }

        // Indented continuation lines belong to the item.
        var indent = contentStart - lineStart;
        var next = BlockDetector.NextLine(text, lineEnd);
        while (next < text.Length)
        {
            var nextEnd = BlockDetector.LineEnd(text, next);
            var c = next;
            while (c < nextEnd && text[c] is ' ' or '\t')
            {
                c++;
            }

            if (c == nextEnd || c - next <= indent || ListItemPattern().IsMatch(text.AsSpan(c, nextEnd - c)))
            {
                break;
            }

            end = BlockDetector.TrimEnd(text, c, nextEnd);
            next = BlockDetector.NextLine(text, nextEnd);
        }

        return true;
    }

    /// <summary>Extends each content range over the whitespace after it, so the spans tile the text.</summary>
    private static List<Segment> Tile(string text, List<(int Start, int End, SegmentKind Kind, bool Para)> raw)
    {
        var segments = new List<Segment>(raw.Count);
        for (var i = 0; i < raw.Count; i++)
        {
            var (s, e, kind, para) = raw[i];
            var spanStart = i == 0 ? 0 : s;
            var spanEnd = i + 1 < raw.Count ? raw[i + 1].Start : text.Length;
            segments.Add(new Segment(spanStart, spanEnd, s, kind, text[s..e], para || i == 0));
        }

        return segments;
    }

    [GeneratedRegex(@"^#{1,6}\s+\S")]
    private static partial Regex HeadingPattern();

    [GeneratedRegex(@"^([-*+•]|\d{1,3}[.)])\s+\S")]
    private static partial Regex ListItemPattern();
}
