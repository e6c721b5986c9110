using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;

namespace Compressor.Gguf;

/// <summary>
/// Little-endian primitive reads over a stream of known length, tracking the position so that
/// every failure can say at which byte the file ended, and refusing any length that the rest of the
/// file could not hold (so a corrupt count never turns into a huge allocation).
/// </summary>
internal sealed class GgufStreamReader(Stream stream, string fileName, long length)
{
    // Chunk for bulk array reads: large enough to be fast, small enough to never matter.
    private const int ChunkBytes = 1 << 16;

    private readonly byte[] _scratch = new byte[ChunkBytes];

    public long Position { get; private set; }

    public long Length => length;

    public long Remaining => length - Position;

    public string FileName => fileName;

    public GgufFormatException Error(string problem) => new(fileName, problem);

    public byte ReadUInt8(string what) => Fill(1, what)[0];

    public ushort ReadUInt16(string what) => BinaryPrimitives.ReadUInt16LittleEndian(Fill(2, what));

    public uint ReadUInt32(string what) => BinaryPrimitives.ReadUInt32LittleEndian(Fill(4, what));

    public ulong ReadUInt64(string what) => BinaryPrimitives.ReadUInt64LittleEndian(Fill(8, what));

    public string ReadString(string what)
    {
        var byteCount = ReadUInt64($"length of {what}");
        var n = CheckCount(byteCount, 1, $"length of {what}");
        if (n <= _scratch.Length)
        {
            return Encoding.UTF8.GetString(Fill(n, what));
        }

        var bytes = new byte[n];
        ReadInto(bytes, what);
        return Encoding.UTF8.GetString(bytes);
    }

    /// <summary>Reads <paramref name="count"/> fixed-size little-endian values in bulk.</summary>
    public T[] ReadArray<T>(int count, string what)
        where T : unmanaged
    {
        var items = new T[count];
        ReadInto(MemoryMarshal.AsBytes(items.AsSpan()), what);
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("GGUF reading assumes a little-endian machine.");
        }

        return items;
    }

    /// <summary>
    /// Validates a count read from the file against what the remaining bytes could possibly hold,
    /// given that each item takes at least <paramref name="minBytesPerItem"/> bytes.
    /// </summary>
    public int CheckCount(ulong count, int minBytesPerItem, string what)
    {
        // No honest GGUF count comes near 2^31; larger ones are corruption, refused before any allocation.
        if (count > int.MaxValue - 64)
        {
            throw Error($"absurd {what}: {count} at byte {Position - 8}");
        }

        if (count * (ulong)minBytesPerItem > (ulong)Math.Max(0, Remaining))
        {
            throw Error($"truncated at byte {length}: {what} is {count}, which needs at least {count * (ulong)minBytesPerItem} bytes after byte {Position}, but the file has {length} bytes");
        }

        return (int)count;
    }

    private ReadOnlySpan<byte> Fill(int n, string what)
    {
        var span = _scratch.AsSpan(0, n);
        ReadInto(span, what);
        return span;
    }

    private void ReadInto(Span<byte> destination, string what)
    {
        var start = Position;
        if (destination.Length > Remaining)
        {
            throw Truncated(what, start);
        }

        var read = stream.ReadAtLeast(destination, destination.Length, throwOnEndOfStream: false);
        if (read < destination.Length)
        {
            Position += read;
            throw Truncated(what, start);
        }

        Position += read;
    }

    // The file ends at byte `length`; say where the read that needed more began.
    private GgufFormatException Truncated(string what, long start) =>
        Error($"truncated at byte {length} while reading {what} (from byte {start})");
}
