namespace Compressor.Engine.Eviction;

/// <summary>
/// The explicit map between cached tokens, their KV cells and their positions for one sequence.
/// llama.cpp places appended tokens in the first free cells from its head; after every eviction
/// the cache is compacted (state save and restore) so cells are 0..n-1 in position order again, and
/// new tokens take the cells after them. Removals leave holes (cell indices keep their meaning in
/// captured attention) until <see cref="Compact"/>.
/// </summary>
public sealed class CellMap
{
    private readonly List<CellEntry> entries = [];

    /// <summary>Tokens in the cache, in position order.</summary>
    public IReadOnlyList<CellEntry> Entries => entries;

    public int Count => entries.Count;

    /// <summary>One past the highest cell in use (holes included): the width attention rows span.</summary>
    public int CellSpan { get; private set; }

    /// <summary>The position the next appended token gets.</summary>
    public int NextPosition => entries.Count == 0 ? basePosition : entries[^1].Position + 1;

    private int basePosition;

    /// <summary>Adds a token after the others, in the next cell and at the next position.</summary>
    public CellEntry Append(int token, int source, bool isProtected = false)
    {
        var entry = new CellEntry(token, source, NextPosition, CellSpan++) { Protected = isProtected };
        entries.Add(entry);
        return entry;
    }

    /// <summary>Rebuilds a map from a stored cache: entries in cell order 0..n-1 with their positions.</summary>
    public static CellMap FromCompacted(IReadOnlyList<(int Token, int Source, int Position, bool Protected)> cells)
    {
        ArgumentNullException.ThrowIfNull(cells);
        var map = new CellMap();
        foreach (var (token, source, position, isProtected) in cells)
        {
            if (map.entries.Count > 0 && position <= map.entries[^1].Position)
            {
                throw new ArgumentException("positions must increase", nameof(cells));
            }

            map.entries.Add(new CellEntry(token, source, position, map.CellSpan++) { Protected = isProtected });
        }

        return map;
    }

    /// <summary>
    /// Keeps the entries at <paramref name="keep"/> (sorted indices into <see cref="Entries"/>) and
    /// returns the position runs to remove from the cache: maximal runs of evicted neighbours.
    /// </summary>
    public IReadOnlyList<PositionRun> Retain(ReadOnlySpan<int> keep)
    {
        var kept = new bool[entries.Count];
        var previous = -1;
        foreach (var index in keep)
        {
            if (index <= previous || index >= entries.Count)
            {
                throw new ArgumentException("keep must be sorted, distinct indices of entries", nameof(keep));
            }

            kept[index] = true;
            previous = index;
        }

        var runs = new List<PositionRun>();
        var survivors = new List<CellEntry>(keep.Length);
        for (var i = 0; i < entries.Count; i++)
        {
            if (kept[i])
            {
                survivors.Add(entries[i]);
                continue;
            }

            var start = i;
            while (i + 1 < entries.Count && !kept[i + 1])
            {
                i++;
            }

            runs.Add(new PositionRun(entries[start].Position, entries[i].Position + 1));
        }

        if (survivors.Count == 0 && entries.Count > 0)
        {
            basePosition = entries[^1].Position + 1;
        }

        entries.Clear();
        entries.AddRange(survivors);
        return runs;
    }

    /// <summary>Records that the cache was compacted: cells become 0..n-1 in position order.</summary>
    public void Compact()
    {
        for (var i = 0; i < entries.Count; i++)
        {
            entries[i].Cell = i;
        }

        CellSpan = entries.Count;
    }

    /// <summary>
    /// The shifts that close position gaps (positions become <paramref name="start"/>..), applied to
    /// the map; the caller applies the same runs to the cache, in the order returned (ascending, so
    /// a shifted run never lands on one not yet shifted).
    /// </summary>
    public IReadOnlyList<PositionRun> CloseGaps(int start = 0)
    {
        var runs = new List<PositionRun>();
        for (var i = 0; i < entries.Count;)
        {
            var delta = start + i - entries[i].Position;
            var j = i;
            while (j + 1 < entries.Count && start + j + 1 - entries[j + 1].Position == delta)
            {
                j++;
            }

            if (delta != 0)
            {
                runs.Add(new PositionRun(entries[i].Position, entries[j].Position + 1, delta));
            }

            for (var k = i; k <= j; k++)
            {
                entries[k].Position += delta;
            }

            i = j + 1;
        }

        basePosition = start;
        return runs;
    }
}
