using Compressor.Engine.Eviction;

namespace Compressor.Engine.Tests.Eviction;

public sealed class CellMapTests
{
    private static CellMap MapOf(int count)
    {
        var map = new CellMap();
        for (var i = 0; i < count; i++)
        {
            map.Append(100 + i, i);
        }

        return map;
    }

    [Fact]
    public void Removal_runs_cover_evicted_neighbours_and_cells_keep_their_index_until_compaction()
    {
        var map = MapOf(10);
        var runs = map.Retain([0, 1, 4, 8]);
        Assert.Equal([new PositionRun(2, 4), new PositionRun(5, 8), new PositionRun(9, 10)], runs);
        Assert.Equal([0, 1, 4, 8], map.Entries.Select(e => e.Cell));
        Assert.Equal(10, map.CellSpan);
        map.Compact();
        Assert.Equal([0, 1, 2, 3], map.Entries.Select(e => e.Cell));
        Assert.Equal([0, 1, 4, 8], map.Entries.Select(e => e.Position));
        Assert.Equal(9, map.NextPosition);
        Assert.Equal(4, map.Append(1, 10).Cell);
    }

    [Fact]
    public void Closing_gaps_shifts_runs_in_ascending_order()
    {
        var map = MapOf(10);
        map.Retain([0, 1, 4, 5, 8]);
        var shifts = map.CloseGaps();
        Assert.Equal([new PositionRun(4, 6, -2), new PositionRun(8, 9, -4)], shifts);
        Assert.Equal([0, 1, 2, 3, 4], map.Entries.Select(e => e.Position));
        Assert.Equal([0, 1, 4, 5, 8], map.Entries.Select(e => e.Source));
        Assert.Equal(5, map.NextPosition);
    }

    [Fact]
    public void Retain_rejects_unsorted_or_out_of_range_indices()
    {
        Assert.Throws<ArgumentException>(() => MapOf(5).Retain([2, 1]));
        Assert.Throws<ArgumentException>(() => MapOf(5).Retain([5]));
    }

    [Fact]
    public void Envelope_round_trips_the_map()
    {
        var map = MapOf(6);
        map.Retain([0, 2, 5]);
        map.Compact();
        var packed = KvStateEnvelope.Pack(map, [1, 2, 3]);
        var (back, state) = KvStateEnvelope.Unpack(packed, protectedHead: 1)!.Value;
        Assert.Equal([1, 2, 3], state);
        Assert.Equal(map.Entries.Select(e => (e.Token, e.Source, e.Position)), back.Entries.Select(e => (e.Token, e.Source, e.Position)));
        Assert.True(back.Entries[0].Protected);
        Assert.Null(KvStateEnvelope.Unpack([1, 2, 3], 0));
    }
}
