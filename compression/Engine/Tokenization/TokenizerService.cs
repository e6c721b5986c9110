using System.Collections.Concurrent;
using Compressor.Compression.Errors;
using Compressor.Engine.Models;
using Compressor.Native;

namespace Compressor.Engine.Tokenization;

/// <summary>
/// Resolves the tokenizer a request counts with: a named model's vocabulary (vocab-only, no
/// weights), else the request's model, else the default model, else llama.cpp's bundled Qwen2
/// vocabulary ("vocab:qwen2"), so counting and model-free methods work even with no model at all.
/// Names of the form "vocab:&lt;name&gt;" pick a bundled vocab-only file.
/// </summary>
public sealed class TokenizerService(ModelRegistry registry, NativeRuntime runtime)
{
    public const string FallbackName = "vocab:qwen2";

    private readonly ConcurrentDictionary<string, Lazy<LlamaModel>> bundled = new(StringComparer.Ordinal);

    /// <summary>Folder of bundled vocab-only GGUF files (.native/vocab beside the libraries).</summary>
    public string BundledDirectory => Path.Combine(Path.GetDirectoryName(Path.GetFullPath(runtime.Directory)) ?? ".", "vocab");

    public IReadOnlyList<string> BundledNames =>
        Directory.Exists(BundledDirectory)
            ? [.. Directory.EnumerateFiles(BundledDirectory, "ggml-vocab-*.gguf").Select(f => "vocab:" + Path.GetFileNameWithoutExtension(f)["ggml-vocab-".Length..]).Order(StringComparer.Ordinal)]
            : [];

    /// <summary>The name <see cref="Resolve"/> would pick, without loading anything.</summary>
    public string ResolveName(string? tokenizer, string? model) =>
        tokenizer ?? model ?? (registry.DefaultId is { } id && registry.List().Any(m => m.Id == id && m.IsUsable) ? id : FallbackName);

    /// <summary>A stable identity of the tokenizer's vocabulary for cache keys (a model's file fingerprint, or the bundled file's size).</summary>
    public async Task<string> FingerprintAsync(string name, CancellationToken cancellationToken, string? modelHint = null)
    {
        if (name.StartsWith("vocab:", StringComparison.Ordinal))
        {
            var file = new FileInfo(Path.Combine(BundledDirectory, "ggml-vocab-" + name["vocab:".Length..] + ".gguf"));
            return file.Exists ? $"{name}:{file.Length}" : name;
        }

        try
        {
            return await registry.GetFingerprintAsync(registry.Find(name), cancellationToken).ConfigureAwait(false);
        }
        catch (CompressorException e) when (e.Kind == ErrorKind.NotFound && e.Target == "model" && name != modelHint)
        {
            throw CompressorException.NotFound("tokenizer_not_found", $"no model '{name}' to take a tokenizer from (GET /v1/models lists them; bundled: {string.Join(", ", BundledNames)})", "tokenizer");
        }
    }

    public LlamaTokenizer Resolve(string? tokenizer, string? model)
    {
        if (tokenizer is not null)
        {
            return tokenizer.StartsWith("vocab:", StringComparison.Ordinal) ? Bundled(tokenizer) : FromModel(tokenizer, "tokenizer");
        }

        if (model is not null)
        {
            return FromModel(model, "model");
        }

        if (registry.DefaultId is { } id && registry.List().Any(m => m.Id == id && m.IsUsable))
        {
            return FromModel(id, "model");
        }

        return Bundled(FallbackName);
    }

    private LlamaTokenizer FromModel(string id, string target)
    {
        try
        {
            return new LlamaTokenizer(registry.GetVocabulary(id), id);
        }
        catch (CompressorException e) when (e.Kind == ErrorKind.NotFound)
        {
            throw CompressorException.NotFound("tokenizer_not_found", $"no model '{id}' to take a tokenizer from (GET /v1/models lists them; bundled: {string.Join(", ", BundledNames)})", target);
        }
    }

    private LlamaTokenizer Bundled(string name)
    {
        var file = Path.Combine(BundledDirectory, "ggml-vocab-" + name["vocab:".Length..] + ".gguf");
        if (!File.Exists(file))
        {
            throw name == FallbackName
                ? CompressorException.Unavailable("tokenizer_unavailable",
                    "no model is configured and the bundled tokenizer is missing: run deploy/fetch-native.sh vocab, or set Compressor__Models__Default", 30)
                : CompressorException.NotFound("tokenizer_not_found", $"no bundled tokenizer '{name}' (available: {string.Join(", ", BundledNames)})", "tokenizer");
        }

        runtime.EnsureLoaded();
        var lazy = bundled.GetOrAdd(name, _ => new Lazy<LlamaModel>(() => LlamaModel.Load(file, new LlamaModelOptions { VocabOnly = true })));
        try
        {
            return new LlamaTokenizer(lazy.Value.Vocab, name);
        }
        catch (LlamaException e)
        {
            bundled.TryRemove(name, out _);
            throw Errors.EngineErrors.FromNative(e, "tokenizer");
        }
    }
}
