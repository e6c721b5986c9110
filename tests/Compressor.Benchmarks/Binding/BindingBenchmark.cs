using System.Diagnostics;
using Compressor.Benchmarks.Common;
using Compressor.Engine.Generation;
using Compressor.Native;
using Compressor.Native.Interop;

namespace Compressor.Benchmarks.Binding;

/// <summary>
/// Issue 2's measurements on the Qwen2.5-0.5B-shaped model: prompt and generation tokens/s through
/// our wrappers (LlamaBatch/LlamaContext for prefill, the full BatchGenerator loop for generation)
/// against a raw decode loop over the same llama.cpp entry points in the same run (alternating,
/// best of N); resident memory of the loaded model; a one-token grammar check vs a full-vocabulary
/// grammar apply. Args: [--prompt N] [--gen N] [--runs N] [--threads N].
/// </summary>
public static unsafe class BindingBenchmark
{
    public static Task RunAsync(string[] args)
    {
        var promptTokens = BenchModels.Arg(args, "--prompt", 512);
        var genTokens = BenchModels.Arg(args, "--gen", 64);
        var runs = BenchModels.Arg(args, "--runs", 5);
        var threads = BenchModels.Arg(args, "--threads", CpuInfo.PhysicalCores);
        var info = BenchModels.Backend();
        var path = BenchModels.Qwen05B();
        Console.WriteLine($"backend: {info}");
        Console.WriteLine($"model: {path} ({new FileInfo(path).Length / 1e6:F0} MB); threads {threads}; prompt {promptTokens}; gen {genTokens}; best of {runs}");

        GC.Collect();
        var before = BenchModels.ResidentBytes();
        using var model = LlamaModel.Load(path, new LlamaModelOptions { LoadMode = LlamaLoadMode.None, GpuLayers = BenchModels.GpuLayers });
        var afterLoad = BenchModels.ResidentBytes();
        var options = new LlamaContextOptions { ContextSize = 4096, BatchSize = 512, MicroBatchSize = 512, Threads = threads, BatchThreads = threads };
        using var context = LlamaContext.Create(model, options);
        var afterContext = BenchModels.ResidentBytes();

        var prompt = BenchModels.Prose(model.Vocab, promptTokens);
        var short8 = prompt[..8];
        double wrapPrompt = double.MaxValue, rawPrompt = double.MaxValue, wrapGen = double.MaxValue, rawGen = double.MaxValue;
        Warmup(context, prompt);
        for (var r = 0; r < runs; r++)
        {
            rawPrompt = Math.Min(rawPrompt, RawPrefill(context, prompt));
            wrapPrompt = Math.Min(wrapPrompt, WrappedPrefill(context, prompt));
            var (ms, produced) = WrappedGenerate(context, short8, genTokens);
            wrapGen = Math.Min(wrapGen, ms / produced);
            rawGen = Math.Min(rawGen, RawGenerate(context, short8, produced) / produced);
        }

        var lastLogits = context.GetLogits(-1).ToArray();
        var (gumbel, inverse, nucleus) = SamplingCosts(lastLogits);
        var (scan, vector) = GreedyCosts(lastLogits);

        using var grammar = GrammarSampler.Create(model.Vocab, JsonGrammar);
        var (single, full) = GrammarCosts(grammar, model.Vocab.TokenCount);

        Console.WriteLine();
        Console.WriteLine("| measure | raw loop | wrappers | wrapper cost |");
        Console.WriteLine("|---|---|---|---|");
        Console.WriteLine($"| prompt eval ({promptTokens} tokens), tok/s | {promptTokens * 1000 / rawPrompt:F1} | {promptTokens * 1000 / wrapPrompt:F1} | {(wrapPrompt / rawPrompt - 1) * 100:+0.0;-0.0}% |");
        Console.WriteLine($"| generation, tok/s | {1000 / rawGen:F1} | {1000 / wrapGen:F1} | {(wrapGen / rawGen - 1) * 100:+0.0;-0.0}% |");
        Console.WriteLine();
        Console.WriteLine($"| memory | MB |");
        Console.WriteLine("|---|---|");
        Console.WriteLine($"| process RSS before load | {before / 1e6:F0} |");
        Console.WriteLine($"| + model (load_mode none) | {(afterLoad - before) / 1e6:F0} |");
        Console.WriteLine($"| + one 4096-cell context | {(afterContext - afterLoad) / 1e6:F0} |");
        Console.WriteLine($"| model + context | {(afterContext - before) / 1e6:F0} |");
        Console.WriteLine();
        Console.WriteLine($"| grammar (JSON) | per call |");
        Console.WriteLine("|---|---|");
        Console.WriteLine($"| one-token check | {single * 1000:F2} us |");
        Console.WriteLine($"| full-vocabulary apply ({model.Vocab.TokenCount} tokens) | {full:F2} ms |");
        Console.WriteLine($"| ratio | {full / single:F0}x |");
        Console.WriteLine();
        Console.WriteLine($"| sampling one token from {lastLogits.Length} logits (best of 5 x 50 draws) | per token |");
        Console.WriteLine("|---|---|");
        Console.WriteLine($"| T = 1, Gumbel-max pass (two logarithms and a draw per entry; the sampler before 2026-11-22) | {gumbel:F3} ms |");
        Console.WriteLine($"| T = 1, TokenSampler (one vectorized exp pass, inverse CDF) | {inverse:F3} ms ({gumbel / inverse:F0}x less) |");
        Console.WriteLine($"| T = 1, top-p 0.9, TokenSampler | {nucleus:F3} ms |");
        Console.WriteLine($"| greedy, plain scan (before 2026-11-22) | {scan * 1000:F1} us |");
        Console.WriteLine($"| greedy, TokenSampler.ArgMax (two vector passes) | {vector * 1000:F1} us ({scan / vector:F1}x less) |");
        return Task.CompletedTask;
    }

    private const string JsonGrammar = """
        root ::= object
        value ::= object | array | string | number | ("true" | "false" | "null")
        object ::= "{" ( string ":" value ( "," string ":" value )* )? "}"
        array ::= "[" ( value ( "," value )* )? "]"
        string ::= "\"" ( [^"\\\x7F\x00-\x1F] | "\\" ["\\bfnrt] )* "\""
        number ::= "-"? [0-9]+ ("." [0-9]+)?
        """;

    /// <summary>Per-token cost of sampling at T = 1: the old Gumbel-max pass (kept here as the baseline) against <see cref="TokenSampler"/>.</summary>
    private static (double Gumbel, double Inverse, double Nucleus) SamplingCosts(float[] logits)
    {
        const int draws = 50;
        var random = new Random(3);
        var plain = new TokenSampler(new SamplingSettings(1f, 1f, 3));
        var topP = new TokenSampler(new SamplingSettings(1f, 0.9f, 3));
        double gumbel = double.MaxValue, inverse = double.MaxValue, nucleus = double.MaxValue;
        var sink = 0;
        for (var r = 0; r < 5; r++)
        {
            var clock = Stopwatch.StartNew();
            for (var d = 0; d < draws; d++)
            {
                var best = 0;
                var bestScore = double.NegativeInfinity;
                for (var i = 0; i < logits.Length; i++)
                {
                    var score = logits[i] - Math.Log(-Math.Log((random.NextDouble() * (1 - 1e-12)) + 1e-12));
                    if (score > bestScore)
                    {
                        (bestScore, best) = (score, i);
                    }
                }

                sink += best;
            }

            gumbel = Math.Min(gumbel, clock.Elapsed.TotalMilliseconds / draws);
            clock.Restart();
            for (var d = 0; d < draws; d++)
            {
                sink += plain.Sample(logits);
            }

            inverse = Math.Min(inverse, clock.Elapsed.TotalMilliseconds / draws);
            clock.Restart();
            for (var d = 0; d < draws; d++)
            {
                sink += topP.Sample(logits);
            }

            nucleus = Math.Min(nucleus, clock.Elapsed.TotalMilliseconds / draws);
        }

        GC.KeepAlive(sink);
        return (gumbel, inverse, nucleus);
    }

    /// <summary>Per-token cost of the greedy pick: a plain scan (the baseline) against <see cref="TokenSampler.ArgMax"/>.</summary>
    private static (double Scan, double Vector) GreedyCosts(float[] logits)
    {
        const int picks = 500;
        double scan = double.MaxValue, vector = double.MaxValue;
        var sink = 0;
        for (var r = 0; r < 5; r++)
        {
            var clock = Stopwatch.StartNew();
            for (var d = 0; d < picks; d++)
            {
                var best = 0;
                for (var i = 1; i < logits.Length; i++)
                {
                    best = logits[i] > logits[best] ? i : best;
                }

                sink += best;
            }

            scan = Math.Min(scan, clock.Elapsed.TotalMilliseconds / picks);
            clock.Restart();
            for (var d = 0; d < picks; d++)
            {
                sink += TokenSampler.ArgMax(logits);
            }

            vector = Math.Min(vector, clock.Elapsed.TotalMilliseconds / picks);
        }

        GC.KeepAlive(sink);
        return (scan, vector);
    }

    private static void Warmup(LlamaContext context, int[] prompt)
    {
        RawPrefill(context, prompt);
        WrappedPrefill(context, prompt);
    }

    private static double WrappedPrefill(LlamaContext context, int[] prompt)
    {
        context.ClearMemory();
        var clock = Stopwatch.StartNew();
        using var batch = LlamaBatch.ForTokens(prompt.Length);
        for (var i = 0; i < prompt.Length; i++)
        {
            batch.Add(prompt[i], i, 0, i == prompt.Length - 1);
        }

        context.Decode(batch);
        _ = context.GetLogits(-1)[0];
        return clock.Elapsed.TotalMilliseconds;
    }

    private static double RawPrefill(LlamaContext context, int[] prompt)
    {
        context.ClearMemory();
        var ctx = Handle(context);
        var clock = Stopwatch.StartNew();
        var batch = LlamaApi.llama_batch_init(prompt.Length, 0, 1);
        for (var i = 0; i < prompt.Length; i++)
        {
            batch.Token[i] = prompt[i];
            batch.Pos[i] = i;
            batch.NSeqId[i] = 1;
            batch.SeqId[i][0] = 0;
            batch.Logits[i] = (sbyte)(i == prompt.Length - 1 ? 1 : 0);
        }

        batch.NTokens = prompt.Length;
        var status = LlamaApi.llama_decode(ctx, batch);
        _ = LlamaApi.llama_get_logits_ith(ctx, -1)[0];
        LlamaApi.llama_batch_free(batch);
        var ms = clock.Elapsed.TotalMilliseconds;
        return status == 0 ? ms : throw new InvalidOperationException($"decode {status}");
    }

    private static (double Ms, int Produced) WrappedGenerate(LlamaContext context, int[] prompt, int tokens)
    {
        context.ClearMemory();
        var request = new GenerationRequest { PromptTokens = prompt, MaxTokens = tokens };
        var result = BatchGenerator.Run(context, [request], null, CancellationToken.None)[0];
        // The first generated token is sampled from the prefill's logits; the loop decodes the rest.
        return (result.Timings.GenerationMs, Math.Max(1, result.CompletionTokens - 1));
    }

    private static double RawGenerate(LlamaContext context, int[] prompt, int steps)
    {
        context.ClearMemory();
        var ctx = Handle(context);
        var vocab = context.VocabSize;
        var batch = LlamaApi.llama_batch_init(Math.Max(prompt.Length, 1), 0, 1);
        for (var i = 0; i < prompt.Length; i++)
        {
            batch.Token[i] = prompt[i];
            batch.Pos[i] = i;
            batch.NSeqId[i] = 1;
            batch.SeqId[i][0] = 0;
            batch.Logits[i] = (sbyte)(i == prompt.Length - 1 ? 1 : 0);
        }

        batch.NTokens = prompt.Length;
        Check(LlamaApi.llama_decode(ctx, batch));
        var pos = prompt.Length;
        var clock = Stopwatch.StartNew();
        for (var s = 0; s < steps; s++)
        {
            var logits = LlamaApi.llama_get_logits_ith(ctx, -1);
            var best = 0;
            for (var t = 1; t < vocab; t++)
            {
                if (logits[t] > logits[best])
                {
                    best = t;
                }
            }

            batch.Token[0] = best;
            batch.Pos[0] = pos++;
            batch.Logits[0] = 1;
            batch.NTokens = 1;
            Check(LlamaApi.llama_decode(ctx, batch));
        }

        var ms = clock.Elapsed.TotalMilliseconds;
        LlamaApi.llama_batch_free(batch);
        return ms;
    }

    private static (double SingleMs, double FullMs) GrammarCosts(GrammarSampler grammar, int vocabSize)
    {
        var random = new Random(1);
        const int checks = 20_000;
        var clock = Stopwatch.StartNew();
        var allowed = 0;
        for (var i = 0; i < checks; i++)
        {
            allowed += grammar.IsAllowed(random.Next(vocabSize)) ? 1 : 0;
        }

        var single = clock.Elapsed.TotalMilliseconds / checks;
        var logits = new float[vocabSize];
        var best = double.MaxValue;
        for (var r = 0; r < 10; r++)
        {
            Array.Clear(logits);
            clock.Restart();
            grammar.ApplyMask(logits);
            best = Math.Min(best, clock.Elapsed.TotalMilliseconds);
        }

        return (single, best);
    }

    private static void Check(int status)
    {
        if (status != 0)
        {
            throw new InvalidOperationException($"llama_decode returned {status}");
        }
    }

    private static nint Handle(LlamaContext context) => context.DangerousPointer;
}
