using System.Buffers.Binary;
using System.Text;

namespace Compressor.Gguf.Tests;

/// <summary>Hand-assembles GGUF bytes (little-endian), including broken ones, for the reader's error paths.</summary>
internal sealed class GgufBytes
{
    private readonly List<byte> _bytes = [];

    /// <summary>Magic "GGUF", a version and the two counts.</summary>
    public static GgufBytes Header(uint version, ulong tensors, ulong kvs) =>
        new GgufBytes().Raw("GGUF"u8).U32(version).U64(tensors).U64(kvs);

    public GgufBytes Raw(ReadOnlySpan<byte> bytes)
    {
        _bytes.AddRange(bytes);
        return this;
    }

    public GgufBytes U8(byte v) => Raw([v]);

    public GgufBytes U32(uint v)
    {
        Span<byte> b = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(b, v);
        return Raw(b);
    }

    public GgufBytes U64(ulong v)
    {
        Span<byte> b = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(b, v);
        return Raw(b);
    }

    public GgufBytes Str(string s)
    {
        var bytes = Encoding.UTF8.GetBytes(s);
        return U64((ulong)bytes.Length).Raw(bytes);
    }

    public byte[] ToArray() => [.. _bytes];
}
