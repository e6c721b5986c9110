using Compressor.Compression.Chunking;

namespace Compressor.Compression.Methods.Summarize;

/// <summary>The working state of one chunk through rewrite, restoration and budget enforcement.</summary>
internal sealed class ChunkState(Chunk chunk, double importance)
{
    public Chunk Chunk { get; } = chunk;

    public double Importance { get; } = importance;

    public int Target { get; set; }

    public string Action { get; set; } = ChunkAction.Kept;

    /// <summary>The text this chunk contributes; null when it contributes nothing.</summary>
    public string? Output { get; set; }

    public IReadOnlyList<string> Keywords { get; set; } = [];

    public List<string> Restored { get; } = [];

    public OutputAssembler.Piece? Piece => Output is { Length: > 0 } text
        ? new OutputAssembler.Piece(Chunk.Start, Chunk.End, text, Chunk.IsStructured || Chunk.Segments[0].StartsParagraph)
        : null;
}
