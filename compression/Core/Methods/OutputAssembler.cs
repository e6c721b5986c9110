using Compressor.Compression.Segmentation;

namespace Compressor.Compression.Methods;

/// <summary>
/// Joins kept pieces in input order. Pieces that were neighbours in the input keep the original
/// whitespace between them; otherwise a paragraph break separates them when either side is a block
/// or starts a paragraph, a space when both are running prose.
/// </summary>
public static class OutputAssembler
{
    /// <summary>A piece of output: its place in the input (content span) and its text.</summary>
    public readonly record struct Piece(int Start, int End, string Text, bool Block);

    public static string Join(string original, IEnumerable<Piece> pieces)
    {
        ArgumentNullException.ThrowIfNull(original);
        ArgumentNullException.ThrowIfNull(pieces);
        var builder = new System.Text.StringBuilder();
        Piece? previous = null;
        foreach (var piece in pieces.OrderBy(p => p.Start))
        {
            if (piece.Text.Length == 0)
            {
                continue;
            }

            if (previous is { } p)
            {
                builder.Append(Separator(original, p, piece));
            }

            builder.Append(piece.Text);
            previous = piece;
        }

        return builder.ToString();
    }

    public static string Separator(string original, Piece before, Piece after)
    {
        ArgumentNullException.ThrowIfNull(original);
        var gap = before.End <= after.Start ? original.AsSpan(before.End, after.Start - before.End) : [];
        if (gap.Length > 0 && gap.IsWhiteSpace())
        {
            return gap.ToString();
        }

        return before.Block || after.Block || (gap.Contains('\n')) ? "\n\n" : " ";
    }

    public static Piece Of(Segment segment)
    {
        ArgumentNullException.ThrowIfNull(segment);
        return new Piece(segment.ContentStart, segment.ContentEnd, segment.Text, segment.IsStructured || segment.StartsParagraph || segment.Kind is SegmentKind.Heading or SegmentKind.ListItem);
    }
}
