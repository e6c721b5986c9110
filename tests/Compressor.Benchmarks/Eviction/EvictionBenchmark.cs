using System.Globalization;
using Compressor.Benchmarks.Common;
using Compressor.Engine.Eviction;
using Compressor.Native;

namespace Compressor.Benchmarks.Eviction;

/// <summary>
/// Issue 6's measurements. On the Qwen2.5-0.5B-shaped model: peak KV cells reading a long context
/// through budgets of 50/25/10% (against the full cache); decode time per token over the compacted
/// cache against a fresh cache holding the same number of tokens (alternating, best of N); the
/// scoring pass's cost (prefill with flash attention off and capture, and a whole SnapKV read)
/// as ratios of a plain prefill. Then fidelity on stories260K (<see cref="EvictionFidelity"/>).
/// Args: [--context N=8192] [--chunk N=512] [--gen N=32] [--runs N=3] [--threads N] [--skip-qwen] [--skip-fidelity]
/// and the fidelity args.
/// </summary>
public static class EvictionBenchmark
{
    private static readonly double[] Budgets = [0.5, 0.25, 0.10];

    public static async Task RunAsync(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var info = BenchModels.Backend();
        Console.WriteLine($"backend: {info}");
        if (!args.Contains("--skip-qwen"))
        {
            RunQwen(args);
        }

        if (!args.Contains("--skip-fidelity"))
        {
            await EvictionFidelity.RunAsync(args);
        }
    }

    private static void RunQwen(string[] args)
    {
        var length = BenchModels.Arg(args, "--context", 8192);
        var chunk = BenchModels.Arg(args, "--chunk", 512);
        var gen = BenchModels.Arg(args, "--gen", 32);
        var runs = BenchModels.Arg(args, "--runs", 3);
        var threads = BenchModels.Arg(args, "--threads", CpuInfo.PhysicalCores);
        var path = BenchModels.Qwen05B();
        using var model = LlamaModel.Load(path, new LlamaModelOptions { LoadMode = LlamaLoadMode.None, GpuLayers = BenchModels.GpuLayers });
        var bytesPerCell = 2L * model.LayerCount * model.HeadCountKv * (model.EmbeddingSize / model.HeadCount) * sizeof(short);
        var document = BenchModels.Prose(model.Vocab, length);
        var question = model.Vocab.Tokenize("\n\nQuestion: what did the committee review on Tuesday?\nAnswer:");
        var probe = BenchModels.Prose(model.Vocab, gen);
        Console.WriteLine($"model: {Path.GetFileName(path)}; context {length} tokens + {question.Length}-token question; chunk {chunk}; threads {threads}; best of {runs}");

        LlamaContext Create(bool scoring, int cells) => LlamaContext.Create(model, new LlamaContextOptions
        {
            ContextSize = cells,
            BatchSize = 512,
            MicroBatchSize = 512,
            Threads = threads,
            BatchThreads = threads,
            FlashAttention = scoring ? FlashAttention.Disabled : FlashAttention.Auto,
            EnableTensorCapture = scoring,
        });

        Console.WriteLine();
        Console.WriteLine($"| budget | cells | peak cells | bound (budget + chunk) | peak / full cache | peak KV MB | full KV MB | rounds | read ms (snapkv) |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|");
        var full = length + question.Length;
        foreach (var ratio in Budgets)
        {
            var budget = (int)(ratio * full);
            using var context = Create(scoring: true, budget + chunk + 64);
            var plan = new EvictionPlan { Policy = EvictionPolicy.SnapKv, Budget = budget, ChunkTokens = chunk, Window = 32 };
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var read = new EvictingReader(context, plan).Read([], document, question, keepSuffix: true, CancellationToken.None);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {ratio * 100:F0}% | {budget} | {read.PeakCells} | {budget + chunk} | {(double)read.PeakCells / full:F3} | {read.PeakCells * bytesPerCell / 1e6:F1} | {full * bytesPerCell / 1e6:F1} | {read.Rounds} | {clock.Elapsed.TotalMilliseconds:F0} |"));
        }

        // Decode speed: compacted (read through the budget, gaps closed) vs fresh (the same count prefilled), same context options.
        Console.WriteLine();
        Console.WriteLine($"| cache ({gen} decode steps, streaming read, flash attention auto) | cells | ms / token | ratio to fresh |");
        Console.WriteLine("|---|---|---|---|");
        foreach (var ratio in Budgets)
        {
            var budget = (int)(ratio * length);
            using var compacted = Create(scoring: false, budget + chunk + gen + 64);
            using var fresh = Create(scoring: false, budget + chunk + gen + 64);
            var plan = new EvictionPlan { Policy = EvictionPolicy.Streaming, Budget = budget, ChunkTokens = chunk };
            var read = new EvictingReader(compacted, plan).Read([], document, [], keepSuffix: false, CancellationToken.None);
            KvCacheEditor.ClosePositionGaps(compacted, 0, read.Map);
            var next = read.Map.NextPosition;
            BenchDecode.Prefill(fresh, document.AsSpan(length - budget));
            double bestCompacted = double.MaxValue, bestFresh = double.MaxValue;
            for (var r = 0; r <= runs; r++)
            {
                // Run 0 warms both up; each run removes its probe tokens again.
                var c = BenchDecode.Step(compacted, probe, next, keepLogits: false).Ms / gen;
                compacted.RemoveTokens(0, next, -1);
                var f = BenchDecode.Step(fresh, probe, budget, keepLogits: false).Ms / gen;
                fresh.RemoveTokens(0, budget, -1);
                if (r > 0)
                {
                    (bestCompacted, bestFresh) = (Math.Min(bestCompacted, c), Math.Min(bestFresh, f));
                }
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| compacted after eviction ({ratio * 100:F0}%) | {read.Map.Count} | {bestCompacted:F2} | {bestCompacted / bestFresh:F3} |"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| fresh ({ratio * 100:F0}%) | {budget} | {bestFresh:F2} | 1.000 |"));
        }

        // Scoring overhead: the same tokens prefilled plainly, with flash attention off and capture on, and read by SnapKV at 25%.
        var overheadTokens = Math.Min(length, BenchModels.Arg(args, "--overhead-tokens", 2048));
        var sample = document[..overheadTokens];
        using var plainContext = Create(scoring: false, overheadTokens + 64);
        using var scoringContext = Create(scoring: true, overheadTokens + 64);
        double plain = double.MaxValue, scoringPrefill = double.MaxValue, snapRead = double.MaxValue;
        for (var r = 0; r <= runs; r++)
        {
            plainContext.ClearMemory();
            var p = BenchDecode.Prefill(plainContext, sample);
            scoringContext.ClearMemory();
            var s = BenchDecode.Prefill(scoringContext, sample);
            scoringContext.ClearMemory();
            var clock = System.Diagnostics.Stopwatch.StartNew();
            new EvictingReader(scoringContext, new EvictionPlan { Policy = EvictionPolicy.SnapKv, Budget = overheadTokens / 4 + question.Length, ChunkTokens = chunk })
                .Read([], sample, question, keepSuffix: true, CancellationToken.None);
            var snap = clock.Elapsed.TotalMilliseconds;
            scoringContext.ClearMemory();
            if (r > 0)
            {
                (plain, scoringPrefill, snapRead) = (Math.Min(plain, p), Math.Min(scoringPrefill, s), Math.Min(snapRead, snap));
            }
        }

        Console.WriteLine();
        Console.WriteLine($"| prefill of {overheadTokens} tokens | ms | tokens/s | ratio to plain |");
        Console.WriteLine("|---|---|---|---|");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| plain (flash attention auto) | {plain:F0} | {overheadTokens * 1000 / plain:F0} | 1.000 |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| scoring context (flash attention off, capture on) | {scoringPrefill:F0} | {overheadTokens * 1000 / scoringPrefill:F0} | {scoringPrefill / plain:F3} |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| SnapKV read at 25% (prefill + question votes + evictions) | {snapRead:F0} | {overheadTokens * 1000 / snapRead:F0} | {snapRead / plain:F3} |"));
    }
}
