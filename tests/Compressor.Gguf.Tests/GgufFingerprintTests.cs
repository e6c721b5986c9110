using System.Security.Cryptography;
using Compressor.Gguf.Generation;
using Compressor.Testing.Models;

namespace Compressor.Gguf.Tests;

public sealed class GgufFingerprintTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Fingerprint_is_the_SHA256_of_the_whole_file_and_stable()
    {
        var path = TestModels.TinyLlamaPath;
        var expected = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));

        var first = GgufFingerprint.Compute(path);
        var second = await GgufFingerprint.ComputeAsync(path);

        Assert.Equal(expected, first.Sha256);
        Assert.Equal(first, second);
        Assert.Equal(new FileInfo(path).Length, first.FileSize);
        Assert.Equal($"sha256:{expected}", first.ToString());
    }

    [Fact]
    public void One_changed_byte_in_tensor_data_changes_the_fingerprint()
    {
        var path = _temp.File("copy.gguf");
        File.Copy(TestModels.TinyLlamaPath, path);
        var before = GgufFingerprint.Compute(path);
        using (var stream = new FileStream(path, FileMode.Open, FileAccess.ReadWrite))
        {
            stream.Seek(-1, SeekOrigin.End);
            var b = stream.ReadByte();
            stream.Seek(-1, SeekOrigin.End);
            stream.WriteByte((byte)(b ^ 1));
        }

        Assert.NotEqual(before.Sha256, GgufFingerprint.Compute(path).Sha256);
    }

    [Fact]
    public void Generation_is_deterministic_for_a_seed_and_differs_across_seeds()
    {
        var shape = ModelShape.TinyQwen2 with { LayerCount = 1, VocabSize = 300 };
        var a = _temp.File("a.gguf");
        var b = _temp.File("b.gguf");
        var c = _temp.File("c.gguf");
        RandomModelGenerator.Generate(shape, TokenizerSource.BuiltInBpe, a);
        RandomModelGenerator.Generate(shape, TokenizerSource.BuiltInBpe, b);
        RandomModelGenerator.Generate(shape with { Seed = shape.Seed + 1 }, TokenizerSource.BuiltInBpe, c);

        Assert.Equal(GgufFingerprint.Compute(a), GgufFingerprint.Compute(b));
        Assert.NotEqual(GgufFingerprint.Compute(a).Sha256, GgufFingerprint.Compute(c).Sha256);
    }
}
