namespace Compressor.Gguf.Generation;

/// <summary>
/// The hyper-parameters of a generated random-weight model. For a tokenizer copied from another
/// file the vocabulary is the larger of <see cref="VocabSize"/> and that tokenizer's size
/// (extra slots become unused "[PADn]" tokens, as in real Qwen2.5 files).
/// </summary>
public sealed record ModelShape(
    string Architecture,
    int VocabSize,
    int ContextLength,
    int EmbeddingLength,
    int LayerCount,
    int HeadCount,
    int HeadCountKv,
    int FeedForwardLength,
    float RopeFreqBase,
    float RmsNormEpsilon,
    GgufTensorType TensorType,
    ulong Seed)
{
    /// <summary>Written to general.name.</summary>
    public string Name { get; init; } = $"random-{Architecture}";

    /// <summary>Standard deviation of the random matrices; small so activations stay finite through all layers.</summary>
    public float WeightStd { get; init; } = 0.02f;

    /// <summary>Tiny llama for tests: 2 layers, n_embd 64, 4 heads (2 KV), ff 128, context 2048, vocab 512, F32.</summary>
    public static ModelShape TinyLlama { get; } =
        new("llama", 512, 2048, 64, 2, 4, 2, 128, 10000f, 1e-5f, GgufTensorType.F32, 42) { Name = "tiny-random-llama" };

    /// <summary>Tiny qwen2 (with q/k/v biases) for tests, Q8_0 to exercise quantized loading.</summary>
    public static ModelShape TinyQwen2 { get; } =
        new("qwen2", 512, 2048, 64, 2, 4, 2, 128, 1000000f, 1e-6f, GgufTensorType.Q8_0, 43) { Name = "tiny-random-qwen2" };

    /// <summary>Qwen2.5-0.5B's exact shape with random Q8_0 weights, for realistic timings.</summary>
#pragma warning disable CA1707 // The underscore separates "2.5" from "0.5B"; without it the name misreads.
    public static ModelShape Qwen25_05B { get; } =
        new("qwen2", 151936, 32768, 896, 24, 14, 2, 4864, 1000000f, 1e-6f, GgufTensorType.Q8_0, 1) { Name = "random-qwen2.5-0.5b" };
#pragma warning restore CA1707

    public int HeadDimension => EmbeddingLength / HeadCount;

    /// <summary>Width of the K and V projections (grouped-query attention).</summary>
    public int KvWidth => HeadDimension * HeadCountKv;

    public void Validate()
    {
        if (Architecture is not ("llama" or "qwen2"))
        {
            throw new ArgumentException($"Architecture '{Architecture}' is not supported; use \"llama\" or \"qwen2\".");
        }

        if (VocabSize < 1 || ContextLength < 1 || LayerCount < 1 || HeadCount < 1 || HeadCountKv < 1 || FeedForwardLength < 1)
        {
            throw new ArgumentException($"Every size of the shape must be positive: {this}.");
        }

        if (EmbeddingLength % HeadCount != 0 || HeadCount % HeadCountKv != 0 || HeadDimension % 2 != 0)
        {
            throw new ArgumentException(
                $"n_embd {EmbeddingLength} must split into {HeadCount} heads of even size, and the heads into {HeadCountKv} KV groups.");
        }

        if (TensorType is not (GgufTensorType.F32 or GgufTensorType.F16 or GgufTensorType.Q8_0))
        {
            throw new ArgumentException($"Tensor type {TensorType} is not supported; use F32, F16 or Q8_0.");
        }

        if (TensorType == GgufTensorType.Q8_0 && (EmbeddingLength % Q8Block.Values != 0 || FeedForwardLength % Q8Block.Values != 0))
        {
            throw new ArgumentException($"Q8_0 needs n_embd and n_ff to be multiples of {Q8Block.Values}.");
        }
    }
}
