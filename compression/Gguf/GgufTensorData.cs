namespace Compressor.Gguf;

/// <summary>Reads one tensor's values back as floats (F32, F16, BF16 and Q8_0), seeking straight to its data.</summary>
public static class GgufTensorData
{
    public static float[] ReadAsFloats(GgufFile file, GgufTensorInfo tensor)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(tensor);
        var count = checked((int)tensor.ElementCount);
        var bytes = new byte[checked((int)tensor.ByteSize)];
        using (var stream = new FileStream(file.Path, FileMode.Open, FileAccess.Read, FileShare.Read))
        {
            stream.Seek(file.DataOffset + tensor.Offset, SeekOrigin.Begin);
            stream.ReadExactly(bytes);
        }

        var values = new float[count];
        switch (tensor.Type)
        {
            case GgufTensorType.F32:
                Buffer.BlockCopy(bytes, 0, values, 0, bytes.Length);
                break;
            case GgufTensorType.F16:
                for (var i = 0; i < count; i++)
                {
                    values[i] = (float)BitConverter.UInt16BitsToHalf(BitConverter.ToUInt16(bytes, 2 * i));
                }

                break;
            case GgufTensorType.BF16:
                for (var i = 0; i < count; i++)
                {
                    values[i] = BitConverter.Int32BitsToSingle(BitConverter.ToUInt16(bytes, 2 * i) << 16);
                }

                break;
            case GgufTensorType.Q8_0:
                for (var b = 0; b < count / Q8Block.Values; b++)
                {
                    Q8Block.Dequantize(bytes.AsSpan(b * Q8Block.Bytes, Q8Block.Bytes), values.AsSpan(b * Q8Block.Values, Q8Block.Values));
                }

                break;
            default:
                throw new NotSupportedException($"Decoding {tensor.Type} tensors is not supported.");
        }

        return values;
    }
}
