using System.Buffers.Binary;
using Compressor.Engine.Eviction;

namespace Compressor.Engine.Tests.Eviction;

/// <summary>The state filter on hand-built blobs in llama.cpp's sequence-state layout.</summary>
public sealed class KvStateFilterTests
{
    /// <summary>
    /// The state header (magic, sequence 0), then one stream of <paramref name="cells"/> cells (position 10 + i, sequence 0), two layers of K rows
    /// of 4 bytes, then V: transposed (3 rows of 2-byte elements) or plain (rows of 6 bytes). Every
    /// byte of a cell's data names the cell, the layer and the row.
    /// </summary>
    private static byte[] Blob(int cells, bool transposed, int extension = 0, int streamsBefore = 0)
    {
        var b = new List<byte>();
        void U32(uint v) => b.AddRange(BitConverter.GetBytes(v));
        void U64(ulong v) => b.AddRange(BitConverter.GetBytes(v));
        U32(0xaf143cd8);
        U32(0);
        U32((uint)(1 + streamsBefore));
        for (var s = 0; s < streamsBefore; s++)
        {
            U32(0);
        }

        U32((uint)cells);
        for (var c = 0; c < cells; c++)
        {
            U32((uint)(10 + c));
            U32(1);
            b.AddRange(Enumerable.Repeat((byte)(0xE0 + c), extension));
            U32(0);
        }

        U32(transposed ? 1u : 0u);
        U32(2);
        for (var layer = 0; layer < 2; layer++)
        {
            U32(1);
            U64(4);
            for (var c = 0; c < cells; c++)
            {
                b.AddRange(Enumerable.Repeat((byte)((layer << 6) | c), 4));
            }
        }

        for (var layer = 0; layer < 2; layer++)
        {
            U32(1);
            if (transposed)
            {
                U32(2);
                U32(3);
                for (var row = 0; row < 3; row++)
                {
                    for (var c = 0; c < cells; c++)
                    {
                        b.AddRange([(byte)(0x80 | (layer << 5) | c), (byte)row]);
                    }
                }
            }
            else
            {
                U64(6);
                for (var c = 0; c < cells; c++)
                {
                    b.AddRange(Enumerable.Repeat((byte)(0x80 | (layer << 5) | c), 6));
                }
            }
        }

        return [.. b];
    }

    [Theory]
    [InlineData(true, 0, 0)]
    [InlineData(false, 0, 0)]
    [InlineData(true, 12, 0)]
    [InlineData(false, 0, 2)]
    public void Kept_cells_are_what_a_blob_of_only_those_cells_would_hold(bool transposed, int extension, int streamsBefore)
    {
        var full = Blob(6, transposed, extension, streamsBefore);
        int[] keep = [0, 2, 3, 5];
        var kept = KvStateFilter.TryKeep(full, keep);
        Assert.NotNull(kept);

        // Build the expected blob of the 4 kept cells by renaming: kept cell k carries cell keep[k]'s bytes.
        var expected = Blob(4, transposed, extension, streamsBefore);
        var mapped = Rename(expected, keep, transposed, extension, streamsBefore);
        Assert.Equal(mapped, kept);
    }

    /// <summary>Rewrites a 4-cell blob's cell-identifying bytes and positions to those of the kept cells.</summary>
    private static byte[] Rename(byte[] blob, int[] keep, bool transposed, int extension, int streamsBefore)
    {
        var b = (byte[])blob.Clone();
        var at = 8 + 4 + (4 * streamsBefore) + 4;
        for (var c = 0; c < keep.Length; c++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(at), (uint)(10 + keep[c]));
            b.AsSpan(at + 8, extension).Fill((byte)(0xE0 + keep[c]));
            at += 12 + extension;
        }

        at += 8;
        for (var layer = 0; layer < 2; layer++)
        {
            at += 12;
            for (var c = 0; c < keep.Length; c++, at += 4)
            {
                b.AsSpan(at, 4).Fill((byte)((layer << 6) | keep[c]));
            }
        }

        for (var layer = 0; layer < 2; layer++)
        {
            at += 12;
            var rows = transposed ? 3 : 1;
            for (var row = 0; row < rows; row++)
            {
                for (var c = 0; c < keep.Length; c++)
                {
                    var width = transposed ? 2 : 6;
                    if (transposed)
                    {
                        b[at] = (byte)(0x80 | (layer << 5) | keep[c]);
                    }
                    else
                    {
                        b.AsSpan(at, width).Fill((byte)(0x80 | (layer << 5) | keep[c]));
                    }

                    at += width;
                }
            }
        }

        Assert.Equal(b.Length, at);
        return b;
    }

    [Fact]
    public void Keeping_nothing_leaves_an_empty_stream()
    {
        var kept = KvStateFilter.TryKeep(Blob(3, transposed: true), []);
        Assert.Equal([0xd8, 0x3c, 0x14, 0xaf, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0], kept);
    }

    [Fact]
    public void Blobs_it_does_not_understand_and_bad_keep_lists_give_null()
    {
        var blob = Blob(5, transposed: true);
        Assert.Null(KvStateFilter.TryKeep(blob.AsSpan(0, blob.Length - 1), [0, 1]));
        Assert.Null(KvStateFilter.TryKeep([.. blob, 0], [0, 1]));
        Assert.Null(KvStateFilter.TryKeep([], [0]));
        var wrongMagic = (byte[])blob.Clone();
        wrongMagic[0] ^= 1;
        Assert.Null(KvStateFilter.TryKeep(wrongMagic, [0, 1]));
        Assert.Null(KvStateFilter.TryKeep(blob, [1, 0]));
        Assert.Null(KvStateFilter.TryKeep(blob, [0, 5]));
        var wrongType = (byte[])blob.Clone();
        // The first K layer's type (right after the 5 cells' metadata and the two header words) becomes absurd.
        BinaryPrimitives.WriteInt32LittleEndian(wrongType.AsSpan(16 + (5 * 12) + 8), 100_000);
        Assert.Null(KvStateFilter.TryKeep(wrongType, [0, 1]));
    }
}
