using Compressor.Gguf.Generation;
using Compressor.Testing.Models;
using Compressor.Testing.Paths;

namespace Compressor.Gguf.Tests;

/// <summary>
/// Reads real GGUF files written by llama.cpp's own tools. Those files live outside the repository,
/// so each such case checks for its file; the same code paths are covered unconditionally by the
/// generated-file cases below.
/// </summary>
public sealed class RealModelFileTests
{
    private static readonly string SharedModels = Path.Combine(RepositoryPaths.Shared, "models");

    [Theory]
    [InlineData("llama-2-tiny-random.gguf", "llama", 32_000, "llama", 1, 8, "F16", false)]
    [InlineData("stories260K.gguf", "llama", 512, "llama", 5, 64, "F32", false)]
    [InlineData("tiny-random-qwen3-qwen3tok-F16.gguf", "qwen3", 151_669, "gpt2", 2, 32, "F16", true)]
    public void Shared_model_files_read_with_the_expected_shape(
        string name, string arch, int vocab, string tokenizer, int layers, int embd, string fileType, bool hasTemplate)
    {
        var path = Path.Combine(SharedModels, name);
        if (!File.Exists(path))
        {
            return; // the shared folder is optional; generated files below cover the same code
        }

        var info = GgufModelInfo.Read(path);

        Assert.Equal(arch, info.Architecture);
        Assert.Equal(vocab, info.VocabSize);
        Assert.Equal(tokenizer, info.TokenizerModel);
        Assert.Equal(layers, info.LayerCount);
        Assert.Equal(embd, info.EmbeddingLength);
        Assert.Equal(fileType, info.FileType);
        Assert.Equal(hasTemplate, info.HasChatTemplate);
        Assert.False(info.IsVocabOnly);
        AssertConsistent(GgufReader.Read(path));
    }

    [Fact]
    public void Vocab_only_files_from_llama_cpp_read_as_vocab_only()
    {
        var folder = FindNativeVocabFolder();
        if (folder is null)
        {
            return; // .native is fetched by deploy/fetch-native.sh and may be absent
        }

        var files = Directory.GetFiles(folder, "ggml-vocab-*.gguf");
        Assert.NotEmpty(files);
        foreach (var path in files)
        {
            var info = GgufModelInfo.Read(path);
            Assert.True(info.IsVocabOnly, path);
            Assert.True(info.VocabSize > 1000, path);
            Assert.NotNull(info.TokenizerModel);
            AssertConsistent(GgufReader.Read(path));
        }
    }

    [Fact]
    public void Qwen_shaped_model_with_the_real_qwen2_tokenizer_pads_to_151936()
    {
        var folder = FindNativeVocabFolder();
        if (folder is null)
        {
            return;
        }

        var shape = ModelShape.TinyQwen2 with { VocabSize = 151_936, LayerCount = 1, Name = "tiny-qwen2-qwen2tok" };
        var path = TestModels.Generate(shape, TokenizerSource.CopyFrom(Path.Combine(folder, "ggml-vocab-qwen2.gguf")));
        var info = GgufModelInfo.Read(path);

        Assert.Equal(151_936, info.VocabSize);
        Assert.Equal("qwen2", info.TokenizerPre);
        Assert.True(info.HasChatTemplate);
    }

    [Theory]
    [InlineData("tiny-llama")]
    [InlineData("tiny-qwen2")]
    [InlineData("small-vocab")]
    public void Generated_model_files_are_consistent(string which)
    {
        var path = which switch
        {
            "tiny-llama" => TestModels.TinyLlamaPath,
            "tiny-qwen2" => TestModels.TinyQwen2Path,
            _ => TestModels.SmallVocabPath,
        };

        AssertConsistent(GgufReader.Read(path));
    }

    // Invariants every well-formed file satisfies: tensors lie inside the file, in order, aligned, without overlap.
    private static void AssertConsistent(GgufFile file)
    {
        Assert.Equal(0, file.DataOffset % file.Alignment);
        long end = 0;
        foreach (var t in file.Tensors.OrderBy(t => t.Offset))
        {
            Assert.True(t.Offset >= end, $"{t.Name} overlaps the previous tensor");
            Assert.Equal(0, t.Offset % file.Alignment);
            end = t.Offset + t.ByteSize;
        }

        if (file.Tensors.Count > 0)
        {
            Assert.True(file.DataOffset + end <= file.FileSize);
        }
        Assert.Equal(file.Metadata.Count, file.Metadata.Select(kv => kv.Key).Distinct().Count());
    }

    private static string? FindNativeVocabFolder() =>
        Directory.Exists(RepositoryPaths.NativeVocab) ? RepositoryPaths.NativeVocab : null;
}
