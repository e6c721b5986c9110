namespace Compressor.Gguf;

/// <summary>Block geometry of each tensor type, needed to size tensor data without reading it.</summary>
public static class GgufTensorTypes
{
    private const int QK_K = 256;

    /// <summary>Returns (values per block, bytes per block), or false for a type code we do not know.</summary>
    public static bool TryGetBlockLayout(GgufTensorType type, out int blockSize, out int bytesPerBlock)
    {
        (blockSize, bytesPerBlock) = type switch
        {
            GgufTensorType.F32 => (1, 4),
            GgufTensorType.F16 => (1, 2),
            GgufTensorType.Q4_0 => (32, 2 + 16),
            GgufTensorType.Q4_1 => (32, 2 + 2 + 16),
            GgufTensorType.Q5_0 => (32, 2 + 4 + 16),
            GgufTensorType.Q5_1 => (32, 2 + 2 + 4 + 16),
            GgufTensorType.Q8_0 => (32, 2 + 32),
            GgufTensorType.Q8_1 => (32, 2 + 2 + 32),
            GgufTensorType.Q2_K => (QK_K, 2 + 2 + (QK_K / 16) + (QK_K / 4)),
            GgufTensorType.Q3_K => (QK_K, 2 + (QK_K / 4) + (QK_K / 8) + 12),
            GgufTensorType.Q4_K => (QK_K, 2 + 2 + (QK_K / 2) + 12),
            GgufTensorType.Q5_K => (QK_K, 2 + 2 + (QK_K / 2) + (QK_K / 8) + 12),
            GgufTensorType.Q6_K => (QK_K, 2 + (QK_K / 2) + (QK_K / 4) + (QK_K / 16)),
            GgufTensorType.Q8_K => (QK_K, 4 + QK_K + (QK_K / 8)),
            GgufTensorType.IQ2_XXS => (QK_K, 2 + (QK_K / 4)),
            GgufTensorType.IQ2_XS => (QK_K, 2 + (QK_K / 4) + (QK_K / 32)),
            GgufTensorType.IQ3_XXS => (QK_K, 2 + (QK_K / 4) + (QK_K / 8)),
            GgufTensorType.IQ1_S => (QK_K, 2 + (QK_K / 8) + (QK_K / 16)),
            GgufTensorType.IQ4_NL => (32, 2 + 16),
            GgufTensorType.IQ3_S => (QK_K, 2 + (QK_K / 4) + (QK_K / 8) + (QK_K / 32) + 4),
            GgufTensorType.IQ2_S => (QK_K, 2 + (QK_K / 4) + (QK_K / 16)),
            GgufTensorType.IQ4_XS => (QK_K, 2 + 2 + (QK_K / 2) + (QK_K / 64)),
            GgufTensorType.I8 => (1, 1),
            GgufTensorType.I16 => (1, 2),
            GgufTensorType.I32 => (1, 4),
            GgufTensorType.I64 => (1, 8),
            GgufTensorType.F64 => (1, 8),
            GgufTensorType.IQ1_M => (QK_K, (QK_K / 8) + (QK_K / 16) + (QK_K / 32)),
            GgufTensorType.BF16 => (1, 2),
            GgufTensorType.TQ1_0 => (QK_K, 2 + (4 * 13)),
            GgufTensorType.TQ2_0 => (QK_K, 2 + 64),
            GgufTensorType.MXFP4 => (32, 1 + 16),
            GgufTensorType.NVFP4 => (64, 4 + 32),
            GgufTensorType.Q1_0 => (128, 2 + 16),
            GgufTensorType.Q2_0 => (64, 2 + 16),
            _ => (0, 0),
        };
        return blockSize != 0;
    }

    /// <summary>Bytes taken by <paramref name="elementCount"/> values laid out as whole blocks.</summary>
    public static long ByteSize(GgufTensorType type, long elementCount)
    {
        if (!TryGetBlockLayout(type, out var blockSize, out var bytesPerBlock))
        {
            throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown tensor type.");
        }

        if (elementCount % blockSize != 0)
        {
            throw new ArgumentException($"{elementCount} values are not a whole number of {type} blocks of {blockSize}.", nameof(elementCount));
        }

        return checked(elementCount / blockSize * bytesPerBlock);
    }
}
