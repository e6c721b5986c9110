using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Compressor.Gguf;
using Compressor.Gguf.Generation;

namespace Compressor.Testing.Models;

/// <summary>
/// Random-weight GGUF models for tests, generated on first use and cached under the system temp
/// folder keyed by generator version and shape, so a test run (or many parallel ones) generates each
/// model once. Files are written under a unique temporary name and renamed into place atomically,
/// so no reader ever sees a half-written model.
/// </summary>
public static class TestModels
{
    private static readonly ConcurrentDictionary<string, Lazy<string>> Generated = new(StringComparer.Ordinal);

    /// <summary>Where generated models are cached.</summary>
    public static string CacheDirectory { get; } =
        Path.Combine(Path.GetTempPath(), "compressor-test-models", $"v{RandomModelGenerator.Version}");

    /// <summary>Tiny llama (2 layers, n_embd 64, F32) with the built-in byte-level BPE tokenizer (512 tokens, ChatML template).</summary>
    public static string TinyLlamaPath => Generate(ModelShape.TinyLlama, TokenizerSource.BuiltInBpe);

    /// <summary>Tiny qwen2 (q/k/v biases, Q8_0) with the built-in tokenizer.</summary>
    public static string TinyQwen2Path => Generate(ModelShape.TinyQwen2, TokenizerSource.BuiltInBpe);

    /// <summary>Tiny llama with a 300-token vocabulary, for tests that enumerate every token.</summary>
    public static string SmallVocabPath =>
        Generate(ModelShape.TinyLlama with { VocabSize = 300, Name = "tiny-random-llama-v300" }, TokenizerSource.BuiltInBpe);

    /// <summary>Returns the path of a model of this shape and tokenizer, generating it once.</summary>
    public static string Generate(ModelShape shape, TokenizerSource tokenizer)
    {
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentNullException.ThrowIfNull(tokenizer);
        var key = CacheKey(shape, tokenizer);
        var lazy = Generated.GetOrAdd(key, k => new Lazy<string>(() => GenerateFile(k, shape, tokenizer), LazyThreadSafetyMode.ExecutionAndPublication));
        return lazy.Value;
    }

    private static string GenerateFile(string key, ModelShape shape, TokenizerSource tokenizer)
    {
        Directory.CreateDirectory(CacheDirectory);
        var path = Path.Combine(CacheDirectory, $"{shape.Architecture}-{key}.gguf");
        if (IsReadable(path))
        {
            return path;
        }

        var temp = $"{path}.{System.Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        try
        {
            RandomModelGenerator.Generate(shape, tokenizer, temp);

            // Another process may have finished the same file meanwhile; the content is identical
            // (generation is deterministic), so replacing it atomically is harmless.
            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            File.Delete(temp);
        }

        return path;
    }

    private static bool IsReadable(string path)
    {
        if (!File.Exists(path))
        {
            return false;
        }

        try
        {
            GgufReader.Read(path);
            return true;
        }
        catch (GgufFormatException)
        {
            return false; // a corrupt leftover (e.g. from an older, non-atomic writer): regenerate
        }
    }

    private static string CacheKey(ModelShape shape, TokenizerSource tokenizer)
    {
        var text = new StringBuilder()
            .Append(shape).Append('|')
            .Append(shape.Name).Append('|')
            .Append(shape.WeightStd.ToString("R", System.Globalization.CultureInfo.InvariantCulture)).Append('|')
            .Append(tokenizer);
        if (tokenizer.CopyFromPath is { } source)
        {
            // The copied file's identity, cheaply: a changed vocabulary file gives a new model.
            var info = new FileInfo(source);
            text.Append('|').Append(info.Length).Append('|').Append(info.LastWriteTimeUtc.Ticks);
        }

        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString()));
        return Convert.ToHexStringLower(hash.AsSpan(0, 8));
    }
}
