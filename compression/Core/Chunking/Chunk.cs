using Compressor.Compression.Segmentation;

namespace Compressor.Compression.Chunking;

/// <summary>
/// Consecutive segments compressed as one unit. [<see cref="Start"/>, <see cref="End"/>) is the
/// content span in the input (whitespace around it excluded); <see cref="Text"/> is that content.
/// A structured chunk holds exactly one structured segment; <see cref="Minified"/> is its lossless
/// smaller form when one exists (JSON only).
/// </summary>
public sealed record Chunk(int Index, string Kind, IReadOnlyList<Segment> Segments, string Text, int Tokens)
{
    public int Start => Segments[0].ContentStart;

    public int End => Segments[^1].ContentEnd;

    public bool IsStructured => Segments.Count == 1 && Segments[0].IsStructured;

    public string? Minified { get; init; }

    public int MinifiedTokens { get; init; }

    public static string KindOf(Segment first) => first.Kind switch
    {
        SegmentKind.CodeBlock => "code",
        SegmentKind.Table => "table",
        SegmentKind.Json => "json",
        SegmentKind.Xml => "xml",
        _ => "prose",
    };
}
