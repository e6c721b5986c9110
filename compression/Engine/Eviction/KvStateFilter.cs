using System.Buffers.Binary;

namespace Compressor.Engine.Eviction;

/// <summary>
/// Keeps a subset of the cells in a sequence state saved by llama.cpp (<c>llama_state_seq_get_data</c>
/// of a plain KV cache), so eviction and compaction take one save of contiguous cells and one
/// restore. Saving scattered cells costs llama.cpp one device copy per cell run, per layer and, when
/// V is stored transposed (flash attention off, as in a scoring context), per V row: about a second
/// per round on a GPU, where this filter costs a few milliseconds.
/// <para>
/// The layout read here (llama.cpp's <c>llama_context::state_seq_get_data</c>, then
/// <c>llama_kv_cache::state_write</c>): u32 magic 0xaf143cd8, i32 sequence id; u32 stream count; per
/// stream u32 cell count, then (when non-zero) per cell i32 position, u32 sequence count, an optional
/// 12-byte extension (M-RoPE, n-gram hash) and the sequence ids; u32 v_trans, u32 layer count; per
/// layer i32 type, u64 row size and one K row per cell; then per layer with V either the same for V,
/// or (transposed) i32 type, u32 element size, u32 rows and per row one element per cell. Anything
/// that does not parse to exactly the blob's length (a hybrid or sliding-window cache, another
/// version's layout) gives null and the caller falls back to llama.cpp's own path.
/// </para>
/// </summary>
public static class KvStateFilter
{
    private const int CellExtensionBytes = 12;
    private const uint Magic = 0xaf143cd8;

    /// <summary>
    /// The state holding only the cells at <paramref name="keep"/> (sorted, distinct indices into the
    /// sequence's cells in cell order), or null when the blob is not a layout this filter knows.
    /// </summary>
    public static byte[]? TryKeep(ReadOnlySpan<byte> state, ReadOnlySpan<int> keep)
    {
        foreach (var extension in new[] { 0, CellExtensionBytes })
        {
            if (Parse(state, extension) is { } layout && ValidKeep(keep, layout.Cells))
            {
                return Write(state, layout, keep, extension);
            }
        }

        return null;
    }

    private sealed record Section(int Offset, int Rows, int BytesPerCell);

    /// <summary>Where things are: the one stream with cells, its metadata and its K/V sections.</summary>
    private sealed record Layout(int Streams, int StreamIndex, int Cells, int MetaOffset, int MetaEnd, int DataHeader, List<(int Header, int HeaderLength, Section Data)> Sections);

    private static Layout? Parse(ReadOnlySpan<byte> s, int extension)
    {
        var at = 0;
        if (!U32(s, ref at, out var magic) || magic != Magic || !U32(s, ref at, out _) ||
            !U32(s, ref at, out var streams) || streams is 0 or > 64)
        {
            return null;
        }

        int streamIndex = -1, cells = 0, metaOffset = 0, metaEnd = 0, dataHeader = 0;
        List<(int, int, Section)>? sections = null;
        for (var stream = 0; stream < streams; stream++)
        {
            if (!U32(s, ref at, out var count))
            {
                return null;
            }

            if (count == 0)
            {
                continue;
            }

            if (streamIndex >= 0 || count > int.MaxValue / 64)
            {
                return null; // one sequence lives in one stream
            }

            (streamIndex, cells, metaOffset) = (stream, (int)count, at);
            for (var c = 0; c < cells; c++)
            {
                if (!U32(s, ref at, out _) || !U32(s, ref at, out var sequences) || sequences > 64)
                {
                    return null;
                }

                at += extension + (4 * (int)sequences);
                if (at > s.Length)
                {
                    return null;
                }
            }

            metaEnd = at;
            dataHeader = at;
            if (!U32(s, ref at, out var vTrans) || vTrans > 1 || !U32(s, ref at, out var layers) || layers is 0 or > 4096)
            {
                return null;
            }

            sections = [];
            for (var l = 0; l < layers; l++)
            {
                var header = at;
                if (!I32(s, ref at, out var type) || type is < 0 or > 255 || !U64(s, ref at, out var row) || row is 0 or > 1 << 24 ||
                    !Skip(s, ref at, (long)row * cells))
                {
                    return null;
                }

                sections.Add((header, 12, new Section(header + 12, 1, (int)row)));
            }

            // V sections: one per layer that has V (a layer without it writes nothing), so read them until the stream ends.
            while (at < s.Length && sections.Count < 2 * layers)
            {
                var header = at;
                if (!I32(s, ref at, out var type) || type is < 0 or > 255)
                {
                    return null;
                }

                if (vTrans == 0)
                {
                    if (!U64(s, ref at, out var row) || row is 0 or > 1 << 24 || !Skip(s, ref at, (long)row * cells))
                    {
                        return null;
                    }

                    sections.Add((header, 12, new Section(header + 12, 1, (int)row)));
                }
                else
                {
                    if (!U32(s, ref at, out var element) || element is 0 or > 16 || !U32(s, ref at, out var rows) || rows is 0 or > 1 << 20 ||
                        !Skip(s, ref at, (long)element * rows * cells))
                    {
                        return null;
                    }

                    sections.Add((header, 12, new Section(header + 12, (int)rows, (int)element)));
                }
            }

            if (streamIndex >= 0 && stream < streams - 1)
            {
                return null; // a stream after the one with cells: not a layout we need to handle
            }
        }

        return at == s.Length && streamIndex >= 0 && sections is not null
            ? new Layout((int)streams, streamIndex, cells, metaOffset, metaEnd, dataHeader, sections)
            : null;
    }

    private static byte[] Write(ReadOnlySpan<byte> s, Layout layout, ReadOnlySpan<int> keep, int extension)
    {
        // Magic, sequence id, stream count and the cell counts of the streams before the one with cells (all zero).
        var prefix = layout.MetaOffset - 4;
        if (keep.IsEmpty)
        {
            var empty = new byte[prefix + 4];
            s[..prefix].CopyTo(empty);
            return empty; // llama.cpp writes nothing more for a stream without cells
        }

        // Metadata records have variable length: find the kept ones first, then size the output exactly.
        var records = new (int Offset, int Length)[keep.Length];
        var at = layout.MetaOffset;
        var next = 0;
        var metaBytes = 0;
        for (var c = 0; c < layout.Cells; c++)
        {
            var length = 8 + extension + (4 * (int)BinaryPrimitives.ReadUInt32LittleEndian(s[(at + 4)..]));
            if (next < keep.Length && keep[next] == c)
            {
                records[next++] = (at, length);
                metaBytes += length;
            }

            at += length;
        }

        long size = prefix + 4 + metaBytes + 8;
        foreach (var (_, headerLength, data) in layout.Sections)
        {
            size += headerLength + ((long)data.Rows * keep.Length * data.BytesPerCell);
        }

        var output = new byte[size];
        var o = 0;
        void Put(ReadOnlySpan<byte> from)
        {
            from.CopyTo(output.AsSpan(o));
            o += from.Length;
        }

        Put(s[..prefix]);
        BinaryPrimitives.WriteUInt32LittleEndian(output.AsSpan(o), (uint)keep.Length);
        o += 4;
        foreach (var (offset, length) in records)
        {
            Put(s.Slice(offset, length));
        }

        Put(s.Slice(layout.DataHeader, 8));
        var runs = Runs(keep);
        foreach (var (header, headerLength, data) in layout.Sections)
        {
            Put(s.Slice(header, headerLength));
            var cellBytes = data.BytesPerCell;
            for (var r = 0; r < data.Rows; r++)
            {
                var row = data.Offset + ((long)r * layout.Cells * cellBytes);
                foreach (var (first, count) in runs)
                {
                    Put(s.Slice((int)(row + ((long)first * cellBytes)), count * cellBytes));
                }
            }
        }

        return o == output.Length ? output : throw new InvalidOperationException("state filter: size mismatch");
    }

    private static List<(int Start, int Count)> Runs(ReadOnlySpan<int> keep)
    {
        var runs = new List<(int, int)>();
        for (var i = 0; i < keep.Length;)
        {
            var j = i;
            while (j + 1 < keep.Length && keep[j + 1] == keep[j] + 1)
            {
                j++;
            }

            runs.Add((keep[i], j - i + 1));
            i = j + 1;
        }

        return runs;
    }

    private static bool ValidKeep(ReadOnlySpan<int> keep, int cells)
    {
        var previous = -1;
        foreach (var k in keep)
        {
            if (k <= previous || k >= cells)
            {
                return false;
            }

            previous = k;
        }

        return true;
    }

    private static bool U32(ReadOnlySpan<byte> s, ref int at, out uint value)
    {
        value = 0;
        if (at > s.Length - 4)
        {
            return false;
        }

        value = BinaryPrimitives.ReadUInt32LittleEndian(s[at..]);
        at += 4;
        return true;
    }

    private static bool I32(ReadOnlySpan<byte> s, ref int at, out int value)
    {
        var ok = U32(s, ref at, out var v);
        value = (int)v;
        return ok;
    }

    private static bool U64(ReadOnlySpan<byte> s, ref int at, out ulong value)
    {
        value = 0;
        if (at > s.Length - 8)
        {
            return false;
        }

        value = BinaryPrimitives.ReadUInt64LittleEndian(s[at..]);
        at += 8;
        return true;
    }

    private static bool Skip(ReadOnlySpan<byte> s, ref int at, long bytes)
    {
        if (bytes < 0 || at + bytes > s.Length)
        {
            return false;
        }

        at += (int)bytes;
        return true;
    }
}
