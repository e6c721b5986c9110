namespace Compressor.Compression.Segmentation;

/// <summary>
/// One unit of a text. [<see cref="Start"/>, <see cref="End"/>) is the span in the original text and
/// includes the whitespace that follows the content (the first segment also owns any leading
/// whitespace), so the spans of all segments tile the text exactly. <see cref="Text"/> is the content
/// without that surrounding whitespace, starting at <see cref="ContentStart"/>.
/// </summary>
public sealed record Segment(int Start, int End, int ContentStart, SegmentKind Kind, string Text, bool StartsParagraph)
{
    public int ContentEnd => ContentStart + Text.Length;

    /// <summary>True for kinds passed through verbatim (code, tables, JSON, XML).</summary>
    public bool IsStructured => Kind is SegmentKind.CodeBlock or SegmentKind.Table or SegmentKind.Json or SegmentKind.Xml;
}
