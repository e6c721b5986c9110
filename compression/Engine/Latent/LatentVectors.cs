using System.Buffers.Binary;

namespace Compressor.Engine.Latent;

/// <summary>Float16 little-endian encoding of latent vectors, raw or base64 (the wire form of "vectors").</summary>
public static class LatentVectors
{
    public static byte[] ToHalfBytes(ReadOnlySpan<float> values)
    {
        var bytes = new byte[values.Length * 2];
        for (var i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteHalfLittleEndian(bytes.AsSpan(i * 2), (Half)values[i]);
        }

        return bytes;
    }

    public static float[] FromHalfBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length % 2 != 0)
        {
            throw new FormatException($"{bytes.Length} bytes are not whole float16 values");
        }

        var values = new float[bytes.Length / 2];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = (float)BinaryPrimitives.ReadHalfLittleEndian(bytes[(i * 2)..]);
        }

        return values;
    }

    public static string ToBase64(ReadOnlySpan<float> values) => Convert.ToBase64String(ToHalfBytes(values));

    /// <summary>Decodes base64 float16; throws <see cref="FormatException"/> on bad base64 or an odd length.</summary>
    public static float[] FromBase64(string base64)
    {
        ArgumentNullException.ThrowIfNull(base64);
        return FromHalfBytes(Convert.FromBase64String(base64));
    }
}
