namespace Compressor.Engine.Eviction;

/// <summary>
/// One cached token: <see cref="Source"/> is its index in the token stream that was read (prefix then
/// document), <see cref="Position"/> its current RoPE position, <see cref="Cell"/> the KV cell holding it.
/// Cells and positions differ once tokens are removed; they are tracked separately on purpose.
/// </summary>
public sealed class CellEntry(int token, int source, int position, int cell)
{
    public int Token { get; } = token;

    public int Source { get; } = source;

    public int Position { get; internal set; } = position;

    public int Cell { get; internal set; } = cell;

    /// <summary>Attention this token has received so far (H2O), or its latest score.</summary>
    public double Accumulated { get; internal set; }

    /// <summary>Kept like the window whatever its score (template prefix, question).</summary>
    public bool Protected { get; internal set; }
}
