namespace Compressor.Gguf;

/// <summary>Names for <c>general.file_type</c> (llama.h's LLAMA_FTYPE_*), as quantization names people recognize.</summary>
public static class GgufFileTypes
{
    private static readonly string?[] Names =
    [
        "F32", "F16", "Q4_0", "Q4_1", null, null, null, "Q8_0", "Q5_0", "Q5_1",
        "Q2_K", "Q3_K_S", "Q3_K_M", "Q3_K_L", "Q4_K_S", "Q4_K_M", "Q5_K_S", "Q5_K_M", "Q6_K", "IQ2_XXS",
        "IQ2_XS", "Q2_K_S", "IQ3_XS", "IQ3_XXS", "IQ1_S", "IQ4_NL", "IQ3_S", "IQ3_M", "IQ2_S", "IQ2_M",
        "IQ4_XS", "IQ1_M", "BF16", null, null, null, "TQ1_0", "TQ2_0", "MXFP4_MOE", "NVFP4",
        "Q1_0", "Q2_0",
    ];

    /// <summary>The name of a file type code, or null for a code llama.cpp does not define.</summary>
    public static string? GetName(long fileType) =>
        fileType >= 0 && fileType < Names.Length ? Names[fileType] : null;

    /// <summary>The llama.h code to store in <c>general.file_type</c> for a model whose matrices are of <paramref name="type"/>.</summary>
    public static uint ForTensorType(GgufTensorType type) => type switch
    {
        GgufTensorType.F32 => 0,
        GgufTensorType.F16 => 1,
        GgufTensorType.Q8_0 => 7,
        GgufTensorType.BF16 => 32,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "No file type is defined here for this tensor type."),
    };

    /// <summary>
    /// The dominant type (by bytes) among matrices, for files without <c>general.file_type</c>; 1-D tensors
    /// are left out because llama.cpp keeps norms in F32 whatever the quantization.
    /// </summary>
    public static string? Derive(IReadOnlyList<GgufTensorInfo> tensors)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        var bytes = new Dictionary<GgufTensorType, long>();
        foreach (var t in tensors)
        {
            if (t.Dimensions.Count >= 2)
            {
                bytes[t.Type] = bytes.GetValueOrDefault(t.Type) + t.ByteSize;
            }
        }

        return bytes.Count == 0 ? null : bytes.MaxBy(kv => kv.Value).Key.ToString();
    }
}
