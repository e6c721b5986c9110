namespace Compressor.Compression.Segmentation;

/// <summary>What a segment is. Structured kinds are atomic: never split, rewritten or trimmed.</summary>
public enum SegmentKind
{
    Sentence,
    Heading,
    ListItem,
    CodeBlock,
    Table,
    Json,
    Xml,
}
