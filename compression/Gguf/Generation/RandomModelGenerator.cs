namespace Compressor.Gguf.Generation;

/// <summary>
/// Writes GGUF models with random weights that llama.cpp loads and runs: the tensor names and
/// shapes of its "llama" and "qwen2" architectures (llama-arch.cpp, llama-model.cpp), norms at 1,
/// matrices ~N(0, std²) deterministic from the seed, streamed to disk row chunk by row chunk.
/// </summary>
public static class RandomModelGenerator
{
    /// <summary>Bump whenever the output for a given shape changes, so cached test models are regenerated.</summary>
    public const int Version = 1;

    // Values generated per chunk while streaming a tensor.
    private const int ChunkValues = 1 << 16;

    public static void Generate(ModelShape shape, TokenizerSource tokenizer, string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        CreateWriter(shape, tokenizer).WriteTo(path);
    }

    public static void Generate(ModelShape shape, TokenizerSource tokenizer, Stream output) =>
        CreateWriter(shape, tokenizer).WriteTo(output);

    /// <summary>A writer with all metadata and tensors declared; nothing is generated until it writes.</summary>
    public static GgufWriter CreateWriter(ModelShape shape, TokenizerSource tokenizer)
    {
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentNullException.ThrowIfNull(tokenizer);
        shape.Validate();
        var vocab = TokenizerMetadata.Create(tokenizer, shape.VocabSize);
        var writer = new GgufWriter();
        var arch = shape.Architecture;
        string Key(string suffix) => GgufKeys.ForArchitecture(arch, suffix);

        writer.Add(GgufKeys.Architecture, GgufValue.FromString(arch));
        writer.Add(GgufKeys.Name, GgufValue.FromString(shape.Name));
        writer.Add(GgufKeys.FileType, GgufValue.FromUInt32(GgufFileTypes.ForTensorType(shape.TensorType)));
        writer.Add(GgufKeys.QuantizationVersion, GgufValue.FromUInt32(2));
        writer.Add(Key(GgufKeys.VocabSize), GgufValue.FromUInt32((uint)vocab.VocabSize));
        writer.Add(Key(GgufKeys.ContextLength), GgufValue.FromUInt32((uint)shape.ContextLength));
        writer.Add(Key(GgufKeys.EmbeddingLength), GgufValue.FromUInt32((uint)shape.EmbeddingLength));
        writer.Add(Key(GgufKeys.BlockCount), GgufValue.FromUInt32((uint)shape.LayerCount));
        writer.Add(Key(GgufKeys.FeedForwardLength), GgufValue.FromUInt32((uint)shape.FeedForwardLength));
        writer.Add(Key(GgufKeys.HeadCount), GgufValue.FromUInt32((uint)shape.HeadCount));
        writer.Add(Key(GgufKeys.HeadCountKv), GgufValue.FromUInt32((uint)shape.HeadCountKv));
        writer.Add(Key(GgufKeys.RopeFreqBase), GgufValue.FromFloat32(shape.RopeFreqBase));
        writer.Add(Key(GgufKeys.RopeDimensionCount), GgufValue.FromUInt32((uint)shape.HeadDimension));
        writer.Add(Key(GgufKeys.RmsNormEpsilon), GgufValue.FromFloat32(shape.RmsNormEpsilon));
        foreach (var (key, value) in vocab.Entries)
        {
            writer.Add(key, value);
        }

        AddTensors(writer, shape, vocab.VocabSize);
        return writer;
    }

    private static void AddTensors(GgufWriter writer, ModelShape shape, int vocabSize)
    {
        long embd = shape.EmbeddingLength;
        long ff = shape.FeedForwardLength;
        long kv = shape.KvWidth;
        var biases = shape.Architecture == "qwen2";

        // Dimensions are GGUF-ordered: [input width (contiguous), output width].
        Matrix(writer, shape, "token_embd.weight", embd, vocabSize);
        for (var l = 0; l < shape.LayerCount; l++)
        {
            var p = $"blk.{l}.";
            Ones(writer, p + "attn_norm.weight", embd);
            Matrix(writer, shape, p + "attn_q.weight", embd, embd);
            Matrix(writer, shape, p + "attn_k.weight", embd, kv);
            Matrix(writer, shape, p + "attn_v.weight", embd, kv);
            if (biases)
            {
                Vector(writer, shape, p + "attn_q.bias", embd);
                Vector(writer, shape, p + "attn_k.bias", kv);
                Vector(writer, shape, p + "attn_v.bias", kv);
            }

            Matrix(writer, shape, p + "attn_output.weight", embd, embd);
            Ones(writer, p + "ffn_norm.weight", embd);
            Matrix(writer, shape, p + "ffn_gate.weight", embd, ff);
            Matrix(writer, shape, p + "ffn_up.weight", embd, ff);
            Matrix(writer, shape, p + "ffn_down.weight", ff, embd);
        }

        Ones(writer, "output_norm.weight", embd);
        Matrix(writer, shape, "output.weight", embd, vocabSize);
    }

    private static void Matrix(GgufWriter writer, ModelShape shape, string name, long columns, long rows) =>
        writer.AddTensor(name, shape.TensorType, [columns, rows], sink => FillRandom(sink, shape, name));

    // 1-D tensors stay F32, as llama.cpp's converters and quantizers keep them.
    private static void Vector(GgufWriter writer, ModelShape shape, string name, long length) =>
        writer.AddTensor(name, GgufTensorType.F32, [length], sink => FillRandom(sink, shape, name));

    private static void Ones(GgufWriter writer, string name, long length) =>
        writer.AddTensor(name, GgufTensorType.F32, [length], sink =>
        {
            var ones = new float[length];
            Array.Fill(ones, 1f);
            sink.Write(ones);
        });

    private static void FillRandom(GgufTensorSink sink, ModelShape shape, string name)
    {
        var random = new FastRandom(FastRandom.SeedFor(shape.Seed, name));
        var buffer = new float[(int)Math.Min(ChunkValues, sink.Tensor.ElementCount)];
        for (var left = sink.Tensor.ElementCount; left > 0;)
        {
            var chunk = buffer.AsSpan(0, (int)Math.Min(buffer.Length, left));
            random.FillNormal(chunk, shape.WeightStd);
            sink.Write(chunk);
            left -= chunk.Length;
        }
    }
}
