namespace Compressor.Gguf;

/// <summary>
/// The Q8_0 block codec: 32 values stored as an f16 scale d = max|x| / 127 followed by 32 int8
/// q = round(x / d), 34 bytes in all (ggml's block_q8_0; quantize_row_q8_0_ref rounds half away from zero).
/// </summary>
public static class Q8Block
{
    public const int Values = 32;
    public const int Bytes = 34;

    public static void Quantize(ReadOnlySpan<float> values, Span<byte> block)
    {
        if (values.Length != Values || block.Length < Bytes)
        {
            throw new ArgumentException($"Q8_0 quantizes {Values} values into {Bytes} bytes.");
        }

        var amax = 0f;
        foreach (var v in values)
        {
            amax = MathF.Max(amax, MathF.Abs(v));
        }

        var d = amax / 127f;
        var id = d != 0f ? 1f / d : 0f;
        BitConverter.TryWriteBytes(block, BitConverter.HalfToUInt16Bits((Half)d));
        for (var i = 0; i < Values; i++)
        {
            block[2 + i] = unchecked((byte)(sbyte)MathF.Round(values[i] * id, MidpointRounding.AwayFromZero));
        }
    }

    public static void Dequantize(ReadOnlySpan<byte> block, Span<float> values)
    {
        if (values.Length != Values || block.Length < Bytes)
        {
            throw new ArgumentException($"Q8_0 dequantizes {Bytes} bytes into {Values} values.");
        }

        var d = (float)BitConverter.UInt16BitsToHalf(BitConverter.ToUInt16(block));
        for (var i = 0; i < Values; i++)
        {
            values[i] = unchecked((sbyte)block[2 + i]) * d;
        }
    }
}
