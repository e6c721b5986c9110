using Compressor.Benchmarks.Common;
using System.Diagnostics;
using System.Globalization;
using Compressor.Engine.Latent;
using Compressor.Gguf.Generation;
using Compressor.Native;
using Compressor.Native.Loading;
using Compressor.Testing.Models;
using Compressor.Testing.Paths;
using Microsoft.Extensions.Logging.Abstractions;

namespace Compressor.Benchmarks.Latent;

/// <summary>
/// Latent codec benchmark (issue 7): encode throughput vs a plain prefill of the same text on the
/// same encoder in the same run, decoder prompt size with latents vs with the text, and stored bytes
/// per 1k text tokens. Encoder: a random-weight Qwen2.5-0.5B-shaped model (Q8_0, real Qwen2
/// tokenizer), generated once under the temp folder. Adapter: random, 32 queries, blocks of 640
/// tokens (C3's 20x), projector 896 -> 2048 (a Qwen2.5-3B decoder's width, as C3).
/// Args: [--tokens N] [--block N] [--runs N] [--threads N]; "--reconstruct ..." runs <see cref="LatentReconstruction"/>.
/// </summary>
public static class LatentBenchmark
{
    public static async Task RunAsync(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args.Contains("--reconstruct"))
        {
            await LatentReconstruction.RunAsync(args).ConfigureAwait(false);
            return;
        }

        var tokensWanted = Arg(args, "--tokens", 2560);
        var block = Arg(args, "--block", 640);
        var runs = Arg(args, "--runs", 3);
        var threads = Arg(args, "--threads", CpuInfo.PhysicalCores);
        const int queries = 32;
        const int decoderHidden = 2048;

        BenchModels.Backend();
        var clock = Stopwatch.StartNew();
        var path = TestModels.Generate(ModelShape.Qwen25_05B, TokenizerSource.CopyFrom(Path.Combine(RepositoryPaths.Root, ".native", "vocab", "ggml-vocab-qwen2.gguf")));
        Console.WriteLine($"encoder: {path} (Qwen2.5-0.5B shape, random Q8_0; ready in {clock.Elapsed.TotalSeconds:F1} s)");
        using var model = LlamaModel.Load(path, new LlamaModelOptions { LoadMode = LlamaLoadMode.None });
        var hidden = model.EmbeddingSize;

        var text = MakeText(model.Vocab, tokensWanted);
        var blocks = TextBlockSplitter.Split(model.Vocab, text, block);
        var tokens = blocks.SelectMany(b => b.Tokens).ToArray();
        var adapter = RandomAdapter(hidden, decoderHidden, queries, block);
        Console.WriteLine($"text: {tokens.Length} tokens in {blocks.Count} blocks of <= {block}; {queries} latents per block; threads {threads}");

        var options = new LlamaContextOptions { ContextSize = 8192, BatchSize = 512, MicroBatchSize = 512, Threads = threads, BatchThreads = threads };
        using var plain = LlamaContext.Create(model, options);
        using var encoderContext = LlamaContext.Create(model, options with { Embeddings = true, Pooling = PoolingType.None, SequenceCount = Math.Max(1, blocks.Count) });

        var prefill = new List<double>();
        var encode = new List<double>();
        float[][] latents = [];
        for (var r = 0; r < runs; r++)
        {
            prefill.Add(Time(() => Prefill(plain, tokens)));
            encode.Add(Time(() => latents = LatentEncoder.Encode(encoderContext, adapter, [.. blocks.Select(b => b.Tokens)], CancellationToken.None)));
        }

        var prefillRate = tokens.Length / prefill.Min() * 1000;
        var encodeRate = tokens.Length / encode.Min() * 1000;
        Console.WriteLine($"plain prefill : best {prefill.Min(),8:F0} ms  {prefillRate,7:F0} text tok/s  (runs: {string.Join(", ", prefill.Select(v => v.ToString("F0", CultureInfo.InvariantCulture)))})");
        Console.WriteLine($"latent encode : best {encode.Min(),8:F0} ms  {encodeRate,7:F0} text tok/s  (runs: {string.Join(", ", encode.Select(v => v.ToString("F0", CultureInfo.InvariantCulture)))})");
        Console.WriteLine($"encode / prefill throughput: {encodeRate / prefillRate:F3} (goal >= 0.90)");

        // Decoder prompt size: the adapter's template with the latents vs with the text in their place.
        var set = new LatentSet("bench", "", decoderHidden, [.. blocks.Select((b, i) => new LatentBlock(b.Start, b.End, b.Tokens.Length, latents[i]))]);
        var latentPrompt = LatentPrompt.Build(model.Vocab, adapter.Decoder, [.. set.Blocks.Select(b => b.Vectors)], decoderHidden, null);
        var textPrompt = model.Vocab.Tokenize(adapter.Decoder.Template
            .Replace(LatentPromptTemplate.LatentsPlaceholder, text, StringComparison.Ordinal)
            .Replace(LatentPromptTemplate.InstructionPlaceholder, adapter.Decoder.DefaultInstruction, StringComparison.Ordinal), parseSpecial: true).Length;
        Console.WriteLine($"decoder prompt: {latentPrompt.Length} positions with latents ({latentPrompt.EmbeddingPositions} latent) vs {textPrompt} with the text: {(double)textPrompt / latentPrompt.Length:F1}x smaller; text tokens per latent {set.Ratio:F1}");

        var bytes = LatentSetSerializer.Serialize(set).Length;
        Console.WriteLine($"stored latents: {bytes:N0} bytes for {tokens.Length} tokens = {bytes * 1000.0 / tokens.Length:N0} bytes per 1k text tokens (float16, {queries}x{decoderHidden} per block); the UTF-8 text is {System.Text.Encoding.UTF8.GetByteCount(text) * 1000.0 / tokens.Length:N0} bytes per 1k tokens");
    }

    internal static int Arg(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], CultureInfo.InvariantCulture, out var v) ? v : fallback;
    }

    private static double Time(Action action)
    {
        var clock = Stopwatch.StartNew();
        action();
        return clock.Elapsed.TotalMilliseconds;
    }

    private static void Prefill(LlamaContext context, int[] tokens)
    {
        context.ClearMemory();
        using var batch = LlamaBatch.ForTokens(context.BatchSize);
        for (var i = 0; i < tokens.Length; i++)
        {
            batch.Add(tokens[i], i, 0, i == tokens.Length - 1);
            if (batch.Count == batch.Capacity || i == tokens.Length - 1)
            {
                context.Decode(batch);
                batch.Clear();
            }
        }

        context.ClearMemory();
    }

    private static string MakeText(LlamaVocab vocab, int tokens)
    {
        string[] words = ["the", "latent", "codec", "reads", "a", "long", "report", "about", "rivers", "and", "their", "seasons,", "then", "writes", "it", "back."];
        var random = new Random(7);
        var text = new System.Text.StringBuilder();
        while (vocab.CountTokens(text.ToString()) < tokens)
        {
            for (var i = 0; i < 64; i++)
            {
                text.Append(words[random.Next(words.Length)]).Append(' ');
            }
        }

        return text.ToString().TrimEnd();
    }

    internal static LatentAdapter RandomAdapter(int encoderHidden, int decoderHidden, int queries, int block)
    {
        var random = new Random(3);
        float[] Values(int n, float scale) => [.. Enumerable.Range(0, n).Select(_ => (float)(random.NextDouble() * 2 - 1) * scale)];
        return new LatentAdapter
        {
            Name = "bench",
            BlockSize = block,
            QueryCount = queries,
            EncoderHiddenSize = encoderHidden,
            Queries = Values(queries * encoderHidden, 0.05f),
            Projector = new LatentProjector([new LatentProjectorLayer(encoderHidden, decoderHidden, Values(decoderHidden * encoderHidden, 0.02f), Values(decoderHidden, 0.01f))], LatentActivation.None),
            EncoderModel = new LatentModelReference("bench-encoder"),
            DecoderModel = new LatentModelReference("bench-decoder"),
            Decoder = new LatentPromptTemplate { Template = Engine.Latent.Conversion.C3CheckpointConverter.DecoderTemplate },
        };
    }
}
