using System.Diagnostics;
using System.Globalization;
using Compressor.Benchmarks.Common;
using Compressor.Benchmarks.Eviction;
using Compressor.Engine.Generation;
using Compressor.Native;
using Compressor.Native.Loading;

namespace Compressor.Benchmarks.Gpu;

/// <summary>
/// Checks the CUDA build end to end on a machine with a GPU, in one process (the CUDA flavour also
/// runs on its CPU variants): the Qwen2.5-0.5B-shaped model loaded with no layers offloaded and
/// with all of them; the last prompt position's logits compared (max and RMS difference, top-1
/// and top-10 agreement); greedy continuations compared token by token; prompt and generation
/// speed of both, best of N. Exits non-zero when no GPU registered or the outputs disagree.
/// Run with COMPRESSOR_BENCH_BACKEND=cuda. Args: [--prompt N=512] [--gen N=64] [--runs N=3] [--threads N].
/// </summary>
public static class GpuCheck
{
    public static Task RunAsync(string[] args)
    {
        var promptTokens = BenchModels.Arg(args, "--prompt", 512);
        var genTokens = BenchModels.Arg(args, "--gen", 64);
        var runs = BenchModels.Arg(args, "--runs", 3);
        var threads = BenchModels.Arg(args, "--threads", CpuInfo.PhysicalCores);
        var info = BenchModels.Backend();
        Console.WriteLine($"backend: {info}");
        if (!info.HasGpu)
        {
            Console.WriteLine("FAIL: no GPU device registered (set COMPRESSOR_BENCH_BACKEND=cuda on a machine with a GPU)");
            Environment.ExitCode = 1;
            return Task.CompletedTask;
        }

        var path = BenchModels.Qwen05B();
        Console.WriteLine($"model: {Path.GetFileName(path)}; threads {threads}; prompt {promptTokens}; gen {genTokens}; best of {runs}");
        var load = Stopwatch.StartNew();
        using var cpuModel = LlamaModel.Load(path, new LlamaModelOptions { LoadMode = LlamaLoadMode.None, GpuLayers = 0 });
        var cpuLoad = load.Elapsed.TotalMilliseconds;
        load.Restart();
        using var gpuModel = LlamaModel.Load(path, new LlamaModelOptions { LoadMode = LlamaLoadMode.None, GpuLayers = -1 });
        var gpuLoad = load.Elapsed.TotalMilliseconds;
        var options = new LlamaContextOptions { ContextSize = 4096, BatchSize = 512, MicroBatchSize = 512, Threads = threads, BatchThreads = threads };
        using var cpu = LlamaContext.Create(cpuModel, options);
        using var gpu = LlamaContext.Create(gpuModel, options);
        var prompt = BenchModels.Prose(cpuModel.Vocab, promptTokens);

        var cpuLogits = Prefill(cpu, prompt).Logits;
        var gpuLogits = Prefill(gpu, prompt).Logits;
        var (maxDiff, rms, scale) = Differences(cpuLogits, gpuLogits);
        var top1 = TokenSampler.ArgMax(cpuLogits) == TokenSampler.ArgMax(gpuLogits);
        var top10 = TopK(cpuLogits, 10).Intersect(TopK(gpuLogits, 10)).Count();
        var cpuText = Greedy(cpu, prompt[..16], genTokens).Tokens;
        var gpuText = Greedy(gpu, prompt[..16], genTokens).Tokens;
        var agree = 0;
        while (agree < Math.Min(cpuText.Length, gpuText.Length) && cpuText[agree] == gpuText[agree])
        {
            agree++;
        }

        double cpuPrefill = double.MaxValue, gpuPrefill = double.MaxValue, cpuGen = double.MaxValue, gpuGen = double.MaxValue;
        for (var r = 0; r < runs; r++)
        {
            cpuPrefill = Math.Min(cpuPrefill, Prefill(cpu, prompt).Ms);
            gpuPrefill = Math.Min(gpuPrefill, Prefill(gpu, prompt).Ms);
            cpuGen = Math.Min(cpuGen, Greedy(cpu, prompt[..16], genTokens).MsPerToken);
            gpuGen = Math.Min(gpuGen, Greedy(gpu, prompt[..16], genTokens).MsPerToken);
        }

        var c = CultureInfo.InvariantCulture;
        Console.WriteLine();
        Console.WriteLine("| agreement, CPU layers vs all layers on the GPU | value |");
        Console.WriteLine("|---|---|");
        Console.WriteLine(string.Create(c, $"| last-position logits: max abs difference / RMS difference / RMS of the logits | {maxDiff:G3} / {rms:G3} / {scale:G3} |"));
        Console.WriteLine($"| same top-1 token | {(top1 ? "yes" : "no")} |");
        Console.WriteLine($"| top-10 overlap | {top10}/10 |");
        Console.WriteLine($"| greedy continuation ({genTokens} tokens) identical prefix | {agree}/{genTokens} |");
        Console.WriteLine();
        Console.WriteLine("| speed | CPU layers | GPU layers | GPU / CPU |");
        Console.WriteLine("|---|---|---|---|");
        Console.WriteLine(string.Create(c, $"| model load, ms | {cpuLoad:F0} | {gpuLoad:F0} | |"));
        Console.WriteLine(string.Create(c, $"| prompt eval ({promptTokens} tokens), tok/s | {promptTokens * 1000 / cpuPrefill:F0} | {promptTokens * 1000 / gpuPrefill:F0} | {cpuPrefill / gpuPrefill:F1}x |"));
        Console.WriteLine(string.Create(c, $"| generation, ms/token | {cpuGen:F2} | {gpuGen:F2} | {cpuGen / gpuGen:F1}x |"));

        StateCosts(cpuModel, gpuModel, prompt, threads);

        // Random weights give near-uniform logits, so tiny numeric differences can swap close
        // candidates; the check is that the GPU computes the same function, not bit equality.
        var ok = rms < 0.05 * scale && top10 >= 8;
        Console.WriteLine(ok ? "PASS" : "FAIL: CPU and GPU outputs disagree");
        Environment.ExitCode = ok ? 0 : 1;
        return Task.CompletedTask;
    }

    /// <summary>
    /// Saving a sequence's KV state (what eviction's compaction does) with its cells contiguous and
    /// with every other 8-cell run removed, with flash attention off (V stored transposed, as in a
    /// scoring context) and on; restore after a clear. Best of 3, ms.
    /// </summary>
    private static void StateCosts(LlamaModel cpuModel, LlamaModel gpuModel, int[] prompt, int threads)
    {
        var c = CultureInfo.InvariantCulture;
        Console.WriteLine();
        Console.WriteLine($"| KV state of {prompt.Length} tokens, ms (best of 3) | CPU save | CPU restore | GPU save | GPU restore |");
        Console.WriteLine("|---|---|---|---|---|");
        foreach (var flash in new[] { FlashAttention.Disabled, FlashAttention.Enabled })
        {
            foreach (var scattered in new[] { false, true })
            {
                var row = new List<string>();
                foreach (var model in new[] { cpuModel, gpuModel })
                {
                    using var context = LlamaContext.Create(model, new LlamaContextOptions
                    {
                        ContextSize = 4096, BatchSize = 512, MicroBatchSize = 512, Threads = threads, BatchThreads = threads, FlashAttention = flash,
                    });
                    double save = double.MaxValue, restore = double.MaxValue;
                    for (var r = 0; r < 3; r++)
                    {
                        Prefill(context, prompt);
                        for (var p = 8; scattered && p < prompt.Length; p += 16)
                        {
                            context.RemoveTokens(0, p, p + 8);
                        }

                        var clock = Stopwatch.StartNew();
                        var state = context.SaveSequenceState(0);
                        save = Math.Min(save, clock.Elapsed.TotalMilliseconds);
                        context.ClearMemory();
                        clock.Restart();
                        context.RestoreSequenceState(0, state);
                        restore = Math.Min(restore, clock.Elapsed.TotalMilliseconds);
                    }

                    row.Add(string.Create(c, $"{save:F1} | {restore:F1}"));
                }

                Console.WriteLine($"| flash attention {(flash == FlashAttention.Enabled ? "on" : "off")}, cells {(scattered ? "scattered (every other 8 removed)" : "contiguous")} | {row[0]} | {row[1]} |");
            }
        }
    }

    private static (float[] Logits, double Ms) Prefill(LlamaContext context, int[] prompt)
    {
        context.ClearMemory();
        var ms = BenchDecode.Prefill(context, prompt);
        return (context.GetLogits(-1).ToArray(), ms);
    }

    private static (int[] Tokens, double MsPerToken) Greedy(LlamaContext context, int[] prompt, int steps)
    {
        var first = Prefill(context, prompt).Logits;
        var tokens = new int[steps];
        using var batch = LlamaBatch.ForTokens(1);
        var next = TokenSampler.ArgMax(first);
        var clock = Stopwatch.StartNew();
        for (var s = 0; s < steps; s++)
        {
            tokens[s] = next;
            batch.Clear();
            batch.Add(next, prompt.Length + s, 0, true);
            context.Decode(batch);
            next = TokenSampler.ArgMax(context.GetLogits(-1));
        }

        return (tokens, clock.Elapsed.TotalMilliseconds / steps);
    }

    private static (double Max, double Rms, double Scale) Differences(float[] a, float[] b)
    {
        double max = 0, sum = 0, scale = 0;
        for (var i = 0; i < a.Length; i++)
        {
            var d = Math.Abs(a[i] - b[i]);
            max = Math.Max(max, d);
            sum += d * d;
            scale += (double)a[i] * a[i];
        }

        return (max, Math.Sqrt(sum / a.Length), Math.Sqrt(scale / a.Length));
    }

    private static int[] TopK(float[] logits, int k) =>
        Enumerable.Range(0, logits.Length).OrderByDescending(i => logits[i]).Take(k).ToArray();
}
