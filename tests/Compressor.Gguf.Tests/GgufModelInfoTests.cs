using Compressor.Gguf.Generation;
using Compressor.Testing.Models;

namespace Compressor.Gguf.Tests;

public sealed class GgufModelInfoTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Tiny_llama_info_matches_its_shape()
    {
        var info = GgufModelInfo.Read(TestModels.TinyLlamaPath);
        var s = ModelShape.TinyLlama;

        Assert.Equal("llama", info.Architecture);
        Assert.Equal("tiny-random-llama", info.Name);
        Assert.Equal(3u, info.Version);
        Assert.Equal(2048, info.ContextLength);
        Assert.Equal(64, info.EmbeddingLength);
        Assert.Equal(2, info.LayerCount);
        Assert.Equal(4, info.HeadCount);
        Assert.Equal(2, info.HeadCountKv);
        Assert.Equal(128, info.FeedForwardLength);
        Assert.Equal(512, info.VocabSize);
        Assert.Equal("gpt2", info.TokenizerModel);
        Assert.Equal("qwen2", info.TokenizerPre);
        Assert.Equal("F32", info.FileType);
        Assert.True(info.HasChatTemplate);
        Assert.Contains("<|im_start|>", info.ChatTemplate);
        Assert.False(info.IsVocabOnly);
        Assert.Equal(new FileInfo(TestModels.TinyLlamaPath).Length, info.FileSize);
        Assert.Equal(ExpectedParameters(s, 512), info.ParameterCount);
        Assert.Equal(3 + (9 * s.LayerCount), info.TensorCount);
    }

    [Fact]
    public void Tiny_qwen2_info_counts_biases_and_reports_Q8_0()
    {
        var info = GgufModelInfo.Read(TestModels.TinyQwen2Path);
        var s = ModelShape.TinyQwen2;

        Assert.Equal("qwen2", info.Architecture);
        Assert.Equal("Q8_0", info.FileType);
        Assert.Equal(ExpectedParameters(s, 512) + (s.LayerCount * (s.EmbeddingLength + (2L * s.KvWidth))), info.ParameterCount);
        Assert.Equal(3 + (12 * s.LayerCount), info.TensorCount);
    }

    [Fact]
    public void File_type_is_derived_from_tensors_when_the_key_is_missing()
    {
        var writer = new GgufWriter();
        writer.AddTensor("norm", GgufTensorType.F32, [64], s => s.Write(new float[64]));
        writer.AddTensor("w", GgufTensorType.Q8_0, [64, 4], s => s.Write(new float[256]));
        var path = _temp.File("derived.gguf");
        writer.WriteTo(path);

        var info = GgufModelInfo.Read(path);

        Assert.Equal("Q8_0", info.FileType);
        Assert.Null(info.Architecture);
        Assert.Null(info.ContextLength);
        Assert.Equal(64 + 256, info.ParameterCount);
    }

    [Fact]
    public void A_file_without_tensors_is_vocab_only()
    {
        var writer = new GgufWriter();
        writer.Add(GgufKeys.Architecture, GgufValue.FromString("llama"));
        foreach (var (key, value) in ByteLevelBpeVocabulary.Build(300).ToMetadata())
        {
            writer.Add(key, value);
        }

        var path = _temp.File("vocab.gguf");
        writer.WriteTo(path);
        var info = GgufModelInfo.Read(path);

        Assert.True(info.IsVocabOnly);
        Assert.Equal(300, info.VocabSize);
        Assert.Equal(0, info.ParameterCount);
        Assert.Null(info.FileType);
        Assert.Equal("gpt2", info.TokenizerModel);
    }

    [Fact]
    public void Reading_info_does_not_touch_tensor_data()
    {
        // A header whose tensor data is all zeros still reads: only the header is parsed.
        var bytes = File.ReadAllBytes(TestModels.TinyLlamaPath);
        var dataOffset = (int)GgufReader.Read(TestModels.TinyLlamaPath).DataOffset;
        Array.Clear(bytes, dataOffset, bytes.Length - dataOffset);
        var path = _temp.File("zeros.gguf");
        File.WriteAllBytes(path, bytes);

        Assert.Equal(GgufModelInfo.Read(TestModels.TinyLlamaPath) with { Path = path }, GgufModelInfo.Read(path));
    }

    private static long ExpectedParameters(ModelShape s, long vocab)
    {
        long e = s.EmbeddingLength, ff = s.FeedForwardLength, kv = s.KvWidth;
        var perLayer = e + (e * e) + (2 * e * kv) + (e * e) + e + (3 * e * ff);
        return (2 * vocab * e) + e + (s.LayerCount * perLayer);
    }
}
