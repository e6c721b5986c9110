using Compressor.Gguf.Generation;
using Compressor.Native;
using Compressor.Native.Loading;
using Compressor.Testing.Models;
using Compressor.Testing.Paths;
using Microsoft.Extensions.Logging;

namespace Compressor.Benchmarks.Common;

/// <summary>Models and helpers shared by the benchmarks.</summary>
public static class BenchModels
{
    /// <summary>A random-weight model of Qwen2.5-0.5B's exact shape (Q8_0, real Qwen2 tokenizer), generated once.</summary>
    public static string Qwen05B() =>
        TestModels.Generate(ModelShape.Qwen25_05B, TokenizerSource.CopyFrom(Path.Combine(RepositoryPaths.NativeVocab, "ggml-vocab-qwen2.gguf")));

    /// <summary>
    /// The llama.cpp flavour the benchmarks run on: <c>COMPRESSOR_BENCH_BACKEND=cuda</c> loads the CUDA
    /// build from <c>.native/cuda</c> (or <c>COMPRESSOR_BENCH_NATIVE</c>) and offloads every layer;
    /// anything else is the CPU build.
    /// </summary>
    public static LlamaBackendFlavor Flavor { get; } =
        string.Equals(Environment.GetEnvironmentVariable("COMPRESSOR_BENCH_BACKEND"), "cuda", StringComparison.OrdinalIgnoreCase)
            ? LlamaBackendFlavor.Cuda
            : LlamaBackendFlavor.Cpu;

    /// <summary>Layers to offload: all of them on CUDA, none on the CPU build.</summary>
    public static int GpuLayers => Flavor == LlamaBackendFlavor.Cuda ? -1 : 0;

    public static string NativeDirectory =>
        Environment.GetEnvironmentVariable("COMPRESSOR_BENCH_NATIVE") is { Length: > 0 } dir
            ? dir
            : Flavor == LlamaBackendFlavor.Cuda ? Path.Combine(RepositoryPaths.Root, ".native", "cuda") : RepositoryPaths.NativeCpu;

    /// <summary>Loads llama.cpp; <c>COMPRESSOR_BENCH_LOG=1</c> prints its warnings and errors to stderr.</summary>
    public static LlamaBackendInfo Backend() => LlamaBackend.Initialize(
        new LlamaBackendOptions(NativeDirectory, Flavor),
        Environment.GetEnvironmentVariable("COMPRESSOR_BENCH_LOG") == "1" ? new StderrLoggerFactory(LogLevel.Warning) : null);

    public static int Arg(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], out var v) ? v : fallback;
    }

    /// <summary>Resident set size of this process in bytes (VmRSS).</summary>
    public static long ResidentBytes()
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) * 1024;
            }
        }

        return Environment.WorkingSet;
    }

    /// <summary>Some English prose of about <paramref name="tokens"/> tokens in <paramref name="vocab"/>.</summary>
    public static int[] Prose(LlamaVocab vocab, int tokens)
    {
        const string sentence = "The committee met on Tuesday to review the budget, the new transit plan and the library's opening hours. ";
        var text = new System.Text.StringBuilder();
        while (vocab.CountTokens(text.ToString()) < tokens)
        {
            text.Append(sentence);
        }

        return vocab.Tokenize(text.ToString())[..tokens];
    }
}
