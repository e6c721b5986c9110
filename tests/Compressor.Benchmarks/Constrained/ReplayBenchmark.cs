using System.Diagnostics;
using System.Globalization;
using Compressor.Benchmarks.Common;
using Compressor.Constraints;
using Compressor.Constraints.Sampling;
using Compressor.Engine.Constrained;
using Compressor.Engine.Generation;
using Compressor.Native;

namespace Compressor.Benchmarks.Constrained;

/// <summary>
/// AWRS on recorded steps: one generation per schema (Qwen2.5-0.5B shape, random weights, under
/// full masking, so that the path does not depend on the AWRS code) records the tokens it took; each generation is then replayed: the same forward passes on the
/// recorded tokens, and at each step AWRS samples again from the recorded grammar state (with a cold
/// state cache per schema) and is timed, but the recorded token is the one accepted. Unlike the
/// end-to-end benchmark, the steps are the same whatever the sampler does, so two versions of the
/// sampler compare on identical work, with the caches as a real forward pass leaves them. Full
/// masking is timed on every <c>--mask-every</c>-th of the same steps (after AWRS, on a copy of the
/// logits), so the ratio compares the two on identical states.
/// Usage: -- constrained-replay [--schemas 8] [--tokens 48] [--repeats 3] [--mask-every 1] [--path mask|awrs] [--threads 2]
/// </summary>
public static class ReplayBenchmark
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    private sealed record Recording(CompiledConstraint Constraint, List<int> Tokens);

    private sealed class Totals
    {
        public long AwrsTicks;
        public long ForwardTicks;
        public long MaskTicks;
        public long MaskedAwrsTicks;
        public int Masked;
        public long EarlyMaskTicks;
        public int EarlyMasked;
        public long Evaluations;
        public int Fallbacks;
        public int Steps;
        public int Forwards;
    }

    public static Task RunAsync(string[] args)
    {
        var schemas = BenchModels.Arg(args, "--schemas", 8);
        var tokens = BenchModels.Arg(args, "--tokens", 48);
        var repeats = BenchModels.Arg(args, "--repeats", 3);
        var maskEvery = BenchModels.Arg(args, "--mask-every", 1);
        var threads = BenchModels.Arg(args, "--threads", CpuInfo.PhysicalCores);
        var pathIndex = Array.IndexOf(args, "--path");
        var path = pathIndex >= 0 && pathIndex + 1 < args.Length && args[pathIndex + 1] == "awrs" ? ConstrainedMethod.Awrs : ConstrainedMethod.Mask;
        BenchModels.Backend();

        var compiler = new ConstraintCompiler(1024);
        var convertible = ConstrainedBenchmark.CompileAll(compiler).Select(c => c.Constraint).OfType<CompiledConstraint>().ToList();
        var sample = ConstrainedBenchmark.SpreadSample(convertible, schemas);

        using var model = LlamaModel.Load(BenchModels.Qwen05B(), new LlamaModelOptions { LoadMode = LlamaLoadMode.None, GpuLayers = BenchModels.GpuLayers });
        using var context = LlamaContext.Create(model, new LlamaContextOptions { ContextSize = 2048, SequenceCount = 1, Threads = threads, BatchThreads = threads });
        var vocab = model.Vocab;
        var bytes = TokenBytes.For(vocab);
        _ = bytes.Trie;
        var prompt = PromptFormatter.Tokenize(model, "Reply with one JSON object that follows the schema.\n", templated: false);
        var recordings = sample.Select(c => Record(context, vocab, bytes, prompt, c, tokens, path)).ToList();

        // Every repeat times AWRS and the forward passes (best of the repeats per schema); the last one
        // also times the mask (the code is warm by then).
        var best = recordings.Select(_ => new Totals { AwrsTicks = long.MaxValue, ForwardTicks = long.MaxValue }).ToArray();
        var last = new Totals[recordings.Count];
        for (var r = 0; r < repeats; r++)
        {
            for (var i = 0; i < recordings.Count; i++)
            {
                var totals = new Totals();
                Replay(context, vocab, bytes, prompt, recordings[i], r, r == repeats - 1 ? maskEvery : 0, totals);
                best[i].AwrsTicks = Math.Min(best[i].AwrsTicks, totals.AwrsTicks);
                best[i].ForwardTicks = Math.Min(best[i].ForwardTicks, totals.ForwardTicks);
                best[i].Steps = totals.Steps;
                best[i].Forwards = totals.Forwards;
                best[i].Evaluations = totals.Evaluations;
                best[i].Fallbacks = totals.Fallbacks;
                last[i] = totals;
            }
        }

        var steps = best.Sum(b => b.Steps);
        static double PerStep(long ticks, int count) => Ms(ticks) / Math.Max(1, count);
        var awrs = best.Select(b => PerStep(b.AwrsTicks, b.Steps)).ToList();
        var forward = best.Select(b => PerStep(b.ForwardTicks, b.Forwards)).ToList();
        var mask = last.Select(t => PerStep(t.MaskTicks, t.Masked)).ToList();
        var awrsOnMasked = last.Select(t => PerStep(t.MaskedAwrsTicks, t.Masked)).ToList();
        var pooledAwrs = Ms(best.Sum(b => b.AwrsTicks)) / steps;
        var pooledForward = Ms(best.Sum(b => b.ForwardTicks)) / Math.Max(1, best.Sum(b => b.Forwards));
        var pooledMask = Ms(last.Sum(t => t.MaskTicks)) / Math.Max(1, last.Sum(t => t.Masked));
        var pooledAwrsOnMasked = Ms(last.Sum(t => t.MaskedAwrsTicks)) / Math.Max(1, last.Sum(t => t.Masked));
        var earlyMask = Ms(last.Sum(t => t.EarlyMaskTicks)) / Math.Max(1, last.Sum(t => t.EarlyMasked));
        string F(double v, string format) => v.ToString(format, Inv);

        Console.WriteLine($"# AWRS replayed on {steps} recorded steps of {recordings.Count} schemas ({(path == ConstrainedMethod.Mask ? "paths generated under masking" : "AWRS's own paths")}, vocab {vocab.TokenCount}, {threads} threads, cold state cache, best of {repeats})");
        Console.WriteLine();
        Console.WriteLine($"Mask timed on every {(maskEvery == 1 ? "" : $"{maskEvery}th ")}step of the last repeat, after AWRS's own step on the same state.");
        Console.WriteLine();
        Console.WriteLine("| metric | median over schemas | all steps pooled |");
        Console.WriteLine("|---|---|---|");
        Console.WriteLine($"| AWRS constraint ms per step | {F(ConstrainedBenchmark.Median(awrs), "F4")} | {F(pooledAwrs, "F4")} |");
        Console.WriteLine($"| forward ms per step | {F(ConstrainedBenchmark.Median(forward), "F2")} | {F(pooledForward, "F2")} |");
        Console.WriteLine($"| AWRS / forward | {F(ConstrainedBenchmark.Median(awrs.Select((a, i) => a / forward[i]).ToList()), "P2")} | {F(pooledAwrs / pooledForward, "P2")} |");
        Console.WriteLine($"| mask ms per step | {F(ConstrainedBenchmark.Median(mask), "F3")} | {F(pooledMask, "F3")} |");
        Console.WriteLine($"| mask / AWRS, same steps, same repeat | {F(ConstrainedBenchmark.Median(mask.Select((m, i) => m / awrsOnMasked[i]).ToList()), "F1")}x | {F(pooledMask / pooledAwrsOnMasked, "F1")}x |");
        Console.WriteLine($"| mask ms per step, first {EarlySteps} steps of each generation only | | {F(earlyMask, "F3")} |");
        Console.WriteLine($"| grammar evaluations per step | | {F((double)best.Sum(b => b.Evaluations) / steps, "F1")} |");
        Console.WriteLine($"| steps past the rejection cap | | {best.Sum(b => b.Fallbacks)} of {steps} |");
        Console.WriteLine();
        return Task.CompletedTask;
    }

    /// <summary>The end-to-end benchmark masks this many tokens of each schema (<c>--mask-tokens</c>): the mask's cost on them is reported apart.</summary>
    private const int EarlySteps = 12;

    private static double Ms(long ticks) => Stopwatch.GetElapsedTime(0, ticks).TotalMilliseconds;

    private static ReadOnlySpan<float> Prefill(LlamaContext context, LlamaBatch batch, int[] prompt)
    {
        context.ClearMemory();
        batch.Clear();
        for (var i = 0; i < prompt.Length; i++)
        {
            batch.Add(prompt[i], i, 0, i == prompt.Length - 1);
        }

        context.Decode(batch);
        return context.GetLogits(prompt.Length - 1);
    }

    /// <summary>
    /// One generation (seed 7) under full masking: the same target distribution as AWRS, but a token
    /// path that does not depend on the AWRS code under test, so two versions replay the same steps.
    /// With <c>--path awrs</c>, AWRS's own generation instead: the end-to-end benchmark's path.
    /// </summary>
    private static Recording Record(LlamaContext context, LlamaVocab vocab, TokenBytes bytes, int[] prompt, CompiledConstraint constraint, int maxTokens, ConstrainedMethod path)
    {
        using var chooser = ConstrainedChooser.Create(GrammarSampler.Create(vocab, constraint.Gbnf), vocab, new ConstrainedSampling { Temperature = 1, Method = path }, 7);
        using var batch = LlamaBatch.ForTokens(Math.Max(prompt.Length, 1));
        var logits = Prefill(context, batch, prompt);
        var tokens = new List<int>();
        for (var n = 0; n < maxTokens; n++)
        {
            var token = chooser.Choose(logits);
            if (token < 0)
            {
                break;
            }

            tokens.Add(token);
            if (bytes.IsEndOfGeneration(token))
            {
                break;
            }

            batch.Clear();
            batch.Add(token, prompt.Length + n, 0, true);
            context.Decode(batch);
            logits = context.GetLogits(0);
        }

        return new Recording(constraint, tokens);
    }

    /// <summary>The recorded generation again: AWRS sampled and timed at every step, the recorded token accepted.</summary>
    private static void Replay(LlamaContext context, LlamaVocab vocab, TokenBytes bytes, int[] prompt, Recording recording, int repeat, int maskEvery, Totals totals)
    {
        using var grammar = GrammarSampler.Create(vocab, recording.Constraint.Gbnf);
        using var batch = LlamaBatch.ForTokens(Math.Max(prompt.Length, 1));
        var oracle = new GrammarOracle(grammar, bytes, new AllowedSetCache(256L << 20));
        var settings = new SamplerSettings();
        var rng = new Random(1000 + repeat);
        var scratch = maskEvery > 0 ? new float[vocab.TokenCount] : null;
        var logits = Prefill(context, batch, prompt);
        for (var n = 0; n < recording.Tokens.Count; n++)
        {
            var token = recording.Tokens[n];
            var started = Stopwatch.GetTimestamp();
            oracle.BeginStep();
            var sampled = AdaptiveWeightedRejectionSampler.Sample(logits, oracle, settings, rng);
            var sampling = Stopwatch.GetTimestamp() - started;
            var masking = scratch is not null && n % maskEvery == 0;
            using var before = masking ? oracle.Grammar.Clone() : null;
            var tail = oracle.Tail;
            started = Stopwatch.GetTimestamp();
            if (!oracle.TryAccept(token))
            {
                throw new InvalidOperationException("the recorded token is not allowed on replay");
            }

            var step = sampling + Stopwatch.GetTimestamp() - started;
            if (masking)
            {
                // The mask of the same state (a copy taken before the accept), after AWRS's step so that it warms nothing for it.
                var maskOracle = new GrammarOracle(before!, bytes) { Tail = tail };
                logits.CopyTo(scratch);
                var maskStarted = Stopwatch.GetTimestamp();
                maskOracle.Mask(scratch);
                var maskTicks = Stopwatch.GetTimestamp() - maskStarted;
                totals.MaskTicks += maskTicks;
                totals.Masked++;
                totals.EarlyMaskTicks += n < EarlySteps ? maskTicks : 0;
                totals.EarlyMasked += n < EarlySteps ? 1 : 0;
            }

            totals.AwrsTicks += step;
            totals.MaskedAwrsTicks += masking ? step : 0;
            totals.Fallbacks += sampled.MaskFallback ? 1 : 0;
            totals.Steps++;
            if (bytes.IsEndOfGeneration(token))
            {
                break;
            }

            batch.Clear();
            batch.Add(token, prompt.Length + n, 0, true);
            started = Stopwatch.GetTimestamp();
            context.Decode(batch);
            totals.ForwardTicks += Stopwatch.GetTimestamp() - started;
            totals.Forwards++;
            logits = context.GetLogits(0);
        }

        totals.Evaluations += oracle.GrammarEvaluations;
    }
}
