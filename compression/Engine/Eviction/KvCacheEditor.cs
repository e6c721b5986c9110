using Compressor.Native;

namespace Compressor.Engine.Eviction;

/// <summary>
/// Applies eviction decisions to a llama.cpp cache and keeps <see cref="CellMap"/> in step with it.
/// Every native status is checked: a removal llama.cpp refuses is an error, never ignored.
/// </summary>
public static class KvCacheEditor
{
    /// <summary>Removes every entry not in <paramref name="keep"/> from the map and the cache.</summary>
    public static int Evict(LlamaContext context, int sequence, CellMap map, ReadOnlySpan<int> keep)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(map);
        var before = map.Count;
        foreach (var run in map.Retain(keep))
        {
            if (!context.RemoveTokens(sequence, run.Start, run.End))
            {
                throw EvictionErrors.RemoveRefused(run.Start, run.End);
            }
        }

        return before - map.Count;
    }

    /// <summary>
    /// <see cref="Evict"/> then <see cref="Compact"/> in one state round trip: when the sequence's
    /// cells are contiguous from 0 (the reader's case: a compacted cache plus a chunk), its state is
    /// saved once, filtered to the kept cells (<see cref="KvStateFilter"/>) and restored into the
    /// cleared cache. Falls back to the two steps when the cells have holes or the state's layout is
    /// not one the filter knows. Same preconditions as <see cref="Compact"/>. Returns the cells removed.
    /// </summary>
    public static int EvictAndCompact(LlamaContext context, int sequence, CellMap map, ReadOnlySpan<int> keep)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(map);
        var before = map.Count;
        if (map.Count > 0 && map.CellSpan == map.Count && map.Entries[^1].Cell == map.Count - 1)
        {
            var state = context.SaveSequenceState(sequence);
            if (KvStateFilter.TryKeep(state, keep) is { } kept)
            {
                map.Retain(keep);
                context.ClearMemory();
                if (map.Count > 0)
                {
                    context.RestoreSequenceState(sequence, kept);
                }

                map.Compact();
                return before - map.Count;
            }
        }

        var removed = Evict(context, sequence, map, keep);
        Compact(context, sequence, map);
        return removed;
    }

    /// <summary>
    /// Makes the sequence's cells contiguous from cell 0 by saving its state, clearing the cache and
    /// restoring it (bit-exact). The context must hold only this sequence (a leased context does),
    /// and no position shift may be pending (the saved state would not carry it).
    /// </summary>
    public static byte[] Compact(LlamaContext context, int sequence, CellMap map)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(map);
        var state = map.Count == 0 ? [] : context.SaveSequenceState(sequence);
        context.ClearMemory();
        if (state.Length > 0)
        {
            context.RestoreSequenceState(sequence, state);
        }

        map.Compact();
        return state;
    }

    /// <summary>Moves a compacted sequence into another (cleared) context of the same layout, e.g. scoring to generation.</summary>
    public static void Transfer(LlamaContext from, LlamaContext to, int sequence)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        var state = from.SaveSequenceState(sequence);
        to.ClearMemory();
        to.RestoreSequenceState(sequence, state);
    }

    /// <summary>Shifts kept tokens so positions are contiguous again (RoPE re-rotation happens at the next decode).</summary>
    public static void ClosePositionGaps(LlamaContext context, int sequence, CellMap map)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(map);
        if (!context.CanShift)
        {
            throw EvictionErrors.CannotShift(Path.GetFileNameWithoutExtension(context.Model.Path));
        }

        foreach (var run in map.CloseGaps())
        {
            context.ShiftPositions(sequence, run.Start, run.End, run.Delta);
        }
    }

    /// <summary>Throws when llama.cpp's view of the sequence disagrees with the map (a bookkeeping bug, caught early).</summary>
    public static void CheckInStep(LlamaContext context, int sequence, CellMap map)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(map);
        var (min, max) = (context.PositionMin(sequence), context.PositionMax(sequence));
        var (expectedMin, expectedMax) = map.Count == 0 ? (-1, -1) : (map.Entries[0].Position, map.Entries[^1].Position);
        if (min != expectedMin || max != expectedMax)
        {
            throw new InvalidOperationException($"KV cache positions [{min}, {max}] differ from the cell map's [{expectedMin}, {expectedMax}]");
        }
    }
}
