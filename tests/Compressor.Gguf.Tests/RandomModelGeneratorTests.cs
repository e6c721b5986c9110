using Compressor.Gguf.Generation;
using Compressor.Testing.Models;

namespace Compressor.Gguf.Tests;

public sealed class RandomModelGeneratorTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Llama_tensors_have_llama_cpp_names_and_ggml_ordered_shapes()
    {
        var file = GgufReader.Read(TestModels.TinyLlamaPath);

        AssertTensor(file, "token_embd.weight", GgufTensorType.F32, 64, 512);
        AssertTensor(file, "blk.0.attn_norm.weight", GgufTensorType.F32, 64);
        AssertTensor(file, "blk.1.attn_q.weight", GgufTensorType.F32, 64, 64);
        AssertTensor(file, "blk.1.attn_k.weight", GgufTensorType.F32, 64, 32);
        AssertTensor(file, "blk.1.attn_v.weight", GgufTensorType.F32, 64, 32);
        AssertTensor(file, "blk.1.attn_output.weight", GgufTensorType.F32, 64, 64);
        AssertTensor(file, "blk.1.ffn_norm.weight", GgufTensorType.F32, 64);
        AssertTensor(file, "blk.1.ffn_gate.weight", GgufTensorType.F32, 64, 128);
        AssertTensor(file, "blk.1.ffn_up.weight", GgufTensorType.F32, 64, 128);
        AssertTensor(file, "blk.1.ffn_down.weight", GgufTensorType.F32, 128, 64);
        AssertTensor(file, "output_norm.weight", GgufTensorType.F32, 64);
        AssertTensor(file, "output.weight", GgufTensorType.F32, 64, 512);
        Assert.Null(file.FindTensor("blk.0.attn_q.bias"));
        Assert.Null(file.FindTensor("blk.2.attn_q.weight"));
        Assert.Equal(16, file.Find("llama.rope.dimension_count")!.ToInt32());
        Assert.Equal(1e-5f, (float)file.Find("llama.attention.layer_norm_rms_epsilon")!.Value);
    }

    [Fact]
    public void Qwen2_has_attention_biases_and_quantized_matrices()
    {
        var file = GgufReader.Read(TestModels.TinyQwen2Path);

        AssertTensor(file, "blk.0.attn_q.weight", GgufTensorType.Q8_0, 64, 64);
        AssertTensor(file, "blk.0.attn_q.bias", GgufTensorType.F32, 64);
        AssertTensor(file, "blk.0.attn_k.bias", GgufTensorType.F32, 32);
        AssertTensor(file, "blk.0.attn_v.bias", GgufTensorType.F32, 32);
        AssertTensor(file, "blk.0.attn_norm.weight", GgufTensorType.F32, 64);
        Assert.Equal(1_000_000f, (float)file.Find("qwen2.rope.freq_base")!.Value);
        Assert.Equal(7, file.Find(GgufKeys.FileType)!.ToInt32());
    }

    [Fact]
    public void Weights_are_small_centred_random_values_and_norms_are_one()
    {
        var file = GgufReader.Read(TestModels.TinyLlamaPath);

        Assert.All(GgufTensorData.ReadAsFloats(file, file.FindTensor("blk.0.ffn_norm.weight")!), v => Assert.Equal(1f, v));
        var w = GgufTensorData.ReadAsFloats(file, file.FindTensor("token_embd.weight")!);
        var mean = w.Average();
        var std = Math.Sqrt(w.Average(v => (v - mean) * (v - mean)));
        Assert.InRange(mean, -0.001, 0.001);
        Assert.InRange(std, 0.019, 0.021);
        Assert.All(w, v => Assert.InRange(v, -0.08f, 0.08f));
        Assert.True(w.Distinct().Count() > w.Length / 2);
    }

    [Fact]
    public void Quantized_weights_dequantize_to_the_same_distribution()
    {
        var file = GgufReader.Read(TestModels.TinyQwen2Path);
        var w = GgufTensorData.ReadAsFloats(file, file.FindTensor("blk.1.ffn_down.weight")!);
        var std = Math.Sqrt(w.Average(v => v * v));
        Assert.InRange(std, 0.018, 0.022);
    }

    [Fact]
    public void Copied_tokenizer_is_padded_to_the_requested_vocabulary()
    {
        // A source tokenizer of our own, so the test needs no external file.
        var source = _temp.File("vocab.gguf");
        var vocabWriter = new GgufWriter();
        foreach (var (key, value) in ByteLevelBpeVocabulary.Build(300).ToMetadata())
        {
            vocabWriter.Add(key, value);
        }

        vocabWriter.Add("tokenizer.ggml.scores", GgufValue.ArrayOf(new float[300]));
        vocabWriter.WriteTo(source);
        var path = _temp.File("copied.gguf");
        RandomModelGenerator.Generate(ModelShape.TinyLlama with { VocabSize = 320 }, TokenizerSource.CopyFrom(source), path);

        var file = GgufReader.Read(path);
        var tokens = file.Find(GgufKeys.Tokens)!.GetArray<string>();
        Assert.Equal(320, tokens.Count);
        Assert.Equal("[PAD319]", tokens[319]);
        Assert.Equal("<|im_end|>", tokens[299]);
        Assert.Equal(5, file.Find(GgufKeys.TokenTypes)!.GetArray<int>()[310]);
        Assert.Equal(320, file.Find("tokenizer.ggml.scores")!.ArrayLength);
        Assert.Equal(320, file.FindTensor("output.weight")!.Dimensions[1]);
        Assert.Equal(320, file.Find("llama.vocab_size")!.ToInt32());

        // A smaller request takes the tokenizer's own size.
        RandomModelGenerator.Generate(ModelShape.TinyLlama with { VocabSize = 10 }, TokenizerSource.CopyFrom(source), path);
        Assert.Equal(300, GgufModelInfo.Read(path).VocabSize);
    }

    [Fact]
    public void Copying_from_a_file_without_tokens_fails_naming_it()
    {
        var source = _temp.File("empty.gguf");
        new GgufWriter().WriteTo(source);
        var ex = Assert.Throws<GgufFormatException>(() =>
            RandomModelGenerator.Generate(ModelShape.TinyLlama, TokenizerSource.CopyFrom(source), _temp.File("x.gguf")));
        Assert.Contains(source, ex.Message);
    }

    [Theory]
    [InlineData("gpt2", 64, 4, 2, 128)]
    [InlineData("llama", 64, 3, 1, 128)]
    [InlineData("llama", 64, 4, 3, 128)]
    [InlineData("llama", 48, 4, 2, 128)] // Q8_0 needs multiples of 32
    public void Invalid_shapes_are_refused(string arch, int embd, int heads, int kvHeads, int ff)
    {
        var shape = ModelShape.TinyQwen2 with
        {
            Architecture = arch, EmbeddingLength = embd, HeadCount = heads, HeadCountKv = kvHeads, FeedForwardLength = ff,
        };
        Assert.Throws<ArgumentException>(shape.Validate);
    }

    [Fact]
    public void Qwen25_05B_preset_has_the_real_models_shape()
    {
        var s = ModelShape.Qwen25_05B;
        Assert.Equal(("qwen2", 151_936, 32_768, 896, 24, 14, 2, 4864, GgufTensorType.Q8_0),
            (s.Architecture, s.VocabSize, s.ContextLength, s.EmbeddingLength, s.LayerCount, s.HeadCount, s.HeadCountKv, s.FeedForwardLength, s.TensorType));
        Assert.Equal(64, s.HeadDimension);
        s.Validate();
    }

    [Fact]
    public void Test_models_are_cached_and_shared_across_threads()
    {
        var shape = ModelShape.TinyLlama with { LayerCount = 1, Seed = 1234, Name = "cache-test" };
        var paths = new string[8];
        Parallel.For(0, paths.Length, i => paths[i] = TestModels.Generate(shape, TokenizerSource.BuiltInBpe));

        Assert.Single(paths.Distinct());
        Assert.StartsWith(TestModels.CacheDirectory, paths[0]);
        Assert.Equal(1, GgufModelInfo.Read(paths[0]).LayerCount);
        Assert.NotEqual(TestModels.TinyLlamaPath, TestModels.SmallVocabPath);
        Assert.Equal(300, GgufModelInfo.Read(TestModels.SmallVocabPath).VocabSize);
    }

    private static void AssertTensor(GgufFile file, string name, GgufTensorType type, params long[] dims)
    {
        var t = file.FindTensor(name);
        Assert.NotNull(t);
        Assert.Equal(type, t.Type);
        Assert.Equal(dims, t.Dimensions);
    }
}
