using System.Globalization;
using System.Text.Json.Nodes;
using Compressor.Benchmarks.Common;
using Compressor.Compression.Errors;
using Compressor.Constraints;
using Compressor.Constraints.Gbnf;
using Compressor.Constraints.Sampling;
using Compressor.Engine.Constrained;
using Compressor.Engine.Generation;
using Compressor.Native;
using Compressor.Testing.Paths;

namespace Compressor.Benchmarks.Constrained;

/// <summary>
/// Constrained decoding on real JSONSchemaBench schemas. (1) Speed on the Qwen2.5-0.5B-shaped model:
/// constraint time per generated token against the forward pass (median ratio), AWRS against full
/// masking in the same run (ratio of constraint time per token), checks per token. (2) Checks per
/// token on the trained stories260K. (3) Coverage: the share of the dev schemas that convert and
/// generate a valid instance (stories260K, AWRS).
/// Usage: -- constrained [--schemas 12] [--tokens 48] [--mask-tokens = --tokens] [--coverage 468] [--coverage-tokens 384] [--threads 2] [--cap 64]
/// </summary>
public static class ConstrainedBenchmark
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>Cold AWRS runs per schema on the model-speed tables; the fastest is reported.</summary>
    private const int Repeats = 3;

    public static Task RunAsync(string[] args)
    {
        var schemas = BenchModels.Arg(args, "--schemas", 12);
        var tokens = BenchModels.Arg(args, "--tokens", 48);
        var maskTokens = BenchModels.Arg(args, "--mask-tokens", tokens); // as long as AWRS's generations: the cost of a mask step grows after the first few tokens
        var coverage = BenchModels.Arg(args, "--coverage", int.MaxValue);
        var coverageTokens = BenchModels.Arg(args, "--coverage-tokens", 384);
        var threads = BenchModels.Arg(args, "--threads", CpuInfo.PhysicalCores);
        var cap = BenchModels.Arg(args, "--cap", new ConstrainedSampling().MaxRejections);
        BenchModels.Backend();
        var compiler = new ConstraintCompiler(1024);
        var compiled = CompileAll(compiler);
        var files = compiled.Select(c => c.File).ToList();
        Console.WriteLine($"# Constrained decoding benchmark ({files.Count} JSONSchemaBench dev schemas, {threads} threads)");
        Console.WriteLine();

        var convertible = compiled.Where(c => c.Constraint is not null).ToList();
        Console.WriteLine($"Converted: {convertible.Count}/{files.Count} ({Pct(convertible.Count, files.Count)})");
        Console.WriteLine();
        GrammarSamples(compiled, files.Count);

        var sample = SpreadSample(convertible.Select(c => c.Constraint!).ToList(), schemas);
        Kernels();
        if (schemas > 0)
        {
            Speed("Qwen2.5-0.5B shape, random weights", BenchModels.Qwen05B(), sample, tokens, maskTokens, threads, cap);
        }

        var stories = Path.Combine(RepositoryPaths.Shared, "models", "stories260K.gguf");
        if (schemas > 0)
        {
            Speed("stories260K (trained)", stories, sample, tokens, maskTokens, threads, cap);
        }

        Coverage(stories, compiled.Take(coverage).ToList(), files.Count, coverageTokens, threads);
        return Task.CompletedTask;
    }

    /// <summary>
    /// Model-free coverage: strings sampled at random from each converted schema's grammar
    /// (<see cref="GbnfStringSampler"/>), each parsed as JSON and checked by the output validator.
    /// Reported: schemas with at least one valid sample, and with every sample valid. The grammar cannot
    /// keep extra members' names distinct (additionalProperties/patternProperties), and the sampler's
    /// short random names collide often; a model rarely repeats a name, and the output validator
    /// reports it when it does.
    /// </summary>
    private static void GrammarSamples(List<(string File, CompiledConstraint? Constraint)> compiled, int total, int perSchema = 5)
    {
        int withValid = 0, anyValid = 0, sampled = 0, invalidSamples = 0, schemasWithInvalid = 0, duplicateNames = 0;
        foreach (var (file, constraint) in compiled)
        {
            if (constraint is null)
            {
                continue;
            }

            var schema = JsonNode.Parse(File.ReadAllText(file));
            var samples = GbnfStringSampler.Generate(GbnfParser.Parse(constraint.Gbnf), new Random(7), perSchema);
            sampled += samples.Count;
            var validator = new Compressor.Constraints.Validation.JsonSchemaOutputValidator(schema!);
            var failures = samples.Select(sample => (Sample: sample, Outcome: validator.Validate(sample))).Where(x => !x.Outcome.IsValid).ToList();
            var bad = failures.Count;
            invalidSamples += bad;
            schemasWithInvalid += bad > 0 ? 1 : 0;
            withValid += samples.Count > 0 && bad == 0 ? 1 : 0;
            anyValid += samples.Count > bad ? 1 : 0;
            duplicateNames += failures.Count(f => f.Outcome.Error?.Contains("Duplicate property", StringComparison.Ordinal) == true);
            if (bad > 0)
            {
                Console.Error.WriteLine($"grammar sample invalid for {Path.GetFileName(file)} ({bad} of {samples.Count}): {failures[0].Outcome.Error} in {failures[0].Sample[..Math.Min(300, failures[0].Sample.Length)]}");
            }
        }

        Console.WriteLine($"## Coverage without a model: {perSchema} random strings of each converted schema's grammar, validated");
        Console.WriteLine();
        Console.WriteLine("| schemas converted with a valid sample | ... and every sample valid | samples | invalid samples (of them: a repeated member name) | schemas with an invalid sample |");
        Console.WriteLine("|---|---|---|---|---|");
        Console.WriteLine($"| {anyValid} of {total} ({Pct(anyValid, total)}) | {withValid} ({Pct(withValid, total)}) | {sampled} | {invalidSamples} ({duplicateNames}) | {schemasWithInvalid} |");
        Console.WriteLine();
    }

    /// <summary>
    /// The sampler's two O(V) kernels on a flat 151,936-token distribution (a random model's), each
    /// against its baseline in this run: the masses in two passes (maximum, then exponentials) and in
    /// one; the exponential race of a cap step eight and sixteen lanes at a time.
    /// </summary>
    private static void Kernels()
    {
        const int vocabulary = 151_936;
        var rng = new Random(1);
        var logits = new float[vocabulary];
        for (var i = 0; i < logits.Length; i++)
        {
            logits[i] = (float)((rng.NextDouble() * 4) - 2);
        }

        var twoPass = BestMs(() => TokenMasses.Build(logits, 1, 1, onePass: false).Dispose());
        var onePass = BestMs(() => TokenMasses.Build(logits, 1, 1, onePass: true).Dispose());
        using var masses = TokenMasses.Build(logits, 1, 1);
        var t = 1 / (3e-5 * masses.Total); // 3 allowed tokens of 3e-5 of the mass: the median cap step
        var narrow = BestMs(() => ArrivalRace.Run(masses.Values, masses.Count, t, t, rng, wide: false));
        var wide = BestMs(() => ArrivalRace.Run(masses.Values, masses.Count, t, t, rng, wide: true));
        Console.WriteLine($"## Sampler kernels, {vocabulary:N0} flat logits (best of 5 x 200 calls; 512-bit vectors {(System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated ? "in hardware" : "emulated")})");
        Console.WriteLine();
        Console.WriteLine("| kernel | baseline | now | ratio |");
        Console.WriteLine("|---|---|---|---|");
        Console.WriteLine($"| masses: softmax numerators and block sums | two passes {twoPass.ToString("F4", Inv)} ms | one pass {onePass.ToString("F4", Inv)} ms | {(twoPass / onePass).ToString("F2", Inv)}x |");
        Console.WriteLine($"| exponential race of a cap step (both rounds) | 8 lanes {narrow.ToString("F4", Inv)} ms | 16 lanes {wide.ToString("F4", Inv)} ms | {(narrow / wide).ToString("F2", Inv)}x |");
        Console.WriteLine();
    }

    private static double BestMs(Action action, int runs = 5, int calls = 200)
    {
        var best = double.MaxValue;
        for (var r = 0; r < runs; r++)
        {
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            for (var c = 0; c < calls; c++)
            {
                action();
            }

            best = Math.Min(best, System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds / calls);
        }

        return best;
    }

    /// <summary>Every JSONSchemaBench dev schema (in file order) with its compiled constraint, or null where conversion refuses it.</summary>
    internal static List<(string File, CompiledConstraint? Constraint)> CompileAll(ConstraintCompiler compiler) =>
        Directory.GetDirectories(Path.Combine(RepositoryPaths.Shared, "eval", "jsonschemabench", "data"))
            .Order(StringComparer.Ordinal)
            .SelectMany(d => Directory.GetFiles(d, "*.json").Order(StringComparer.Ordinal))
            .Select(f => (File: f, Constraint: TryCompile(compiler, f)))
            .ToList();

    /// <summary>The speed sample, spread over the categories: every k-th convertible schema, <paramref name="count"/> of them.</summary>
    internal static List<CompiledConstraint> SpreadSample(List<CompiledConstraint> convertible, int count)
    {
        var stride = Math.Max(1, convertible.Count / Math.Max(1, count));
        return convertible.Where((_, i) => i % stride == 0).Take(count).ToList();
    }

    private static CompiledConstraint? TryCompile(ConstraintCompiler compiler, string file)
    {
        try
        {
            return compiler.Compile(ConstraintKind.JsonSchema, JsonNode.Parse(File.ReadAllText(file)));
        }
        catch (CompressorException)
        {
            return null;
        }
    }

    private static void Speed(string title, string modelPath, List<CompiledConstraint> sample, int tokens, int maskTokens, int threads, int cap)
    {
        using var model = LlamaModel.Load(modelPath, new LlamaModelOptions { LoadMode = LlamaLoadMode.None, GpuLayers = BenchModels.GpuLayers });
        using var context = LlamaContext.Create(model, new LlamaContextOptions { ContextSize = 2048, SequenceCount = 1, Threads = threads, BatchThreads = threads });
        var prompt = PromptFormatter.Tokenize(model, "Reply with one JSON object that follows the schema.\n", templated: false);
        var trie = TokenBytes.For(model.Vocab).Trie; // built once per model at load in the service (ModelRegistry)
        var awrsRatio = new List<double>();
        var awrsPerToken = new List<double>();
        var warmRatio = new List<double>();
        var warmPerToken = new List<double>();
        var warmChecks = new List<double>();
        int hits = 0, warmHits = 0, warmSteps = 0;
        var maskPerToken = new List<double>();
        var checks = new List<double>();
        var fallbacks = 0;
        var steps = 0;
        foreach (var constraint in sample)
        {
            // Cold: an empty state cache (only states met again within the request are known). Warm: the
            // same schema again (another seed), as a service sees a schema it has served before.
            var cache = new AllowedSetCache(256L << 20);
            // Best of three cold runs (same seed, so the same tokens; a fresh cache each time, the last
            // one kept for the warm run), as timings are reported.
            var awrs = Fastest(Enumerable.Range(0, Repeats)
                .Select(r => Generate(context, model, prompt, constraint, new ConstrainedSampling { Temperature = 1, Seed = 7, MaxRejections = cap }, tokens, r == Repeats - 1 ? cache : new AllowedSetCache(256L << 20)))
                .ToList());
            var warm = Generate(context, model, prompt, constraint, new ConstrainedSampling { Temperature = 1, Seed = 8, MaxRejections = cap }, tokens, cache);
            var mask = Generate(context, model, prompt, constraint, new ConstrainedSampling { Temperature = 1, Seed = 7, Method = ConstrainedMethod.Mask }, maskTokens, null);
            if (awrs is null || mask is null || warm is null)
            {
                continue;
            }

            var w = Math.Max(1, warm.Tokens.Count + 1);
            warmRatio.Add(warm.Stats.ConstraintMs / Math.Max(1e-9, warm.Stats.ForwardMs));
            warmPerToken.Add(warm.Stats.ConstraintMs / w);
            warmChecks.Add(warm.Stats.ChecksPerToken);
            warmHits += warm.Stats.StateCacheHits;
            warmSteps += w;
            hits += awrs.Stats.StateCacheHits;

            var n = Math.Max(1, awrs.Tokens.Count + 1);
            awrsRatio.Add(awrs.Stats.ConstraintMs / Math.Max(1e-9, awrs.Stats.ForwardMs));
            awrsPerToken.Add(awrs.Stats.ConstraintMs / n);
            maskPerToken.Add(mask.Stats.ConstraintMs / Math.Max(1, mask.Tokens.Count + 1));
            checks.Add(awrs.Stats.ChecksPerToken);
            fallbacks += awrs.Stats.MaskFallbacks;
            steps += n;
        }

        Console.WriteLine($"## {title} (vocab {model.Vocab.TokenCount}, {awrsRatio.Count} schemas)");
        Console.WriteLine();
        Console.WriteLine("| metric | median | mean |");
        Console.WriteLine("|---|---|---|");
        Console.WriteLine($"| AWRS constraint time / forward pass per token (best of {Repeats} cold runs) | {Median(awrsRatio):P2} | {awrsRatio.DefaultIfEmpty().Average():P2} |");
        Console.WriteLine($"| AWRS constraint ms per token | {Median(awrsPerToken).ToString("F3", Inv)} | {awrsPerToken.DefaultIfEmpty().Average().ToString("F3", Inv)} |");
        Console.WriteLine($"| mask constraint ms per token | {Median(maskPerToken).ToString("F3", Inv)} | {maskPerToken.DefaultIfEmpty().Average().ToString("F3", Inv)} |");
        Console.WriteLine($"| mask / AWRS constraint time (same schemas, same run) | {(Median(maskPerToken) / Math.Max(1e-9, Median(awrsPerToken))).ToString("F1", Inv)}x | |");
        Console.WriteLine($"| AWRS checks per token | {Median(checks).ToString("F1", Inv)} | {checks.DefaultIfEmpty().Average().ToString("F1", Inv)} |");
        Console.WriteLine($"| AWRS steps past the rejection cap | {fallbacks} of {steps} | |");
        Console.WriteLine($"| AWRS steps whose state was cached (within the request) | {hits} of {steps} | |");
        Console.WriteLine($"| warm (schema served before): AWRS constraint time / forward pass | {Median(warmRatio):P2} | {warmRatio.DefaultIfEmpty().Average():P2} |");
        Console.WriteLine($"| warm: AWRS constraint ms per token | {Median(warmPerToken).ToString("F3", Inv)} | {warmPerToken.DefaultIfEmpty().Average().ToString("F3", Inv)} |");
        Console.WriteLine($"| warm: mask / AWRS constraint time | {(Median(maskPerToken) / Math.Max(1e-9, Median(warmPerToken))).ToString("F1", Inv)}x | |");
        Console.WriteLine($"| warm: grammar checks per token | {Median(warmChecks).ToString("F1", Inv)} | {warmChecks.DefaultIfEmpty().Average().ToString("F1", Inv)} |");
        Console.WriteLine($"| warm: steps whose state was cached | {warmHits} of {warmSteps} | |");
        Console.WriteLine($"| token prefix forest, built once per model at load | {trie.BuildTime.TotalMilliseconds.ToString("F0", Inv)} ms | |");
        Console.WriteLine();
    }

    /// <summary>The run with the least constraint time, with the least forward time of all the runs; null if any run failed.</summary>
    private static ConstrainedResult? Fastest(List<ConstrainedResult?> runs)
    {
        if (runs.Count == 0 || runs.Any(r => r is null))
        {
            return null;
        }

        var best = runs.MinBy(r => r!.Stats.ConstraintMs)!;
        return best with { Stats = best.Stats with { ForwardMs = runs.Min(r => r!.Stats.ForwardMs) } };
    }

    private static void Coverage(string modelPath, List<(string File, CompiledConstraint? Constraint)> schemas, int total, int maxTokens, int threads)
    {
        using var model = LlamaModel.Load(modelPath, new LlamaModelOptions { LoadMode = LlamaLoadMode.None, GpuLayers = BenchModels.GpuLayers });
        using var context = LlamaContext.Create(model, new LlamaContextOptions { ContextSize = 4096, SequenceCount = 1, Threads = threads, BatchThreads = threads });
        var prompt = PromptFormatter.Tokenize(model, "Once upon a time", templated: false);
        int converted = 0, valid = 0, length = 0, grammarFailed = 0, invalid = 0, timedOut = 0;
        foreach (var (file, constraint) in schemas)
        {
            if (constraint is null)
            {
                continue;
            }

            converted++;
            ConstrainedResult? r;
            using (var limit = new CancellationTokenSource(TimeSpan.FromSeconds(10)))
            {
                try
                {
                    r = Generate(context, model, prompt, constraint, new ConstrainedSampling { Temperature = 1, Seed = 1 }, maxTokens, new AllowedSetCache(64L << 20), limit.Token);
                }
                catch (OperationCanceledException)
                {
                    timedOut++;
                    continue;
                }
            }

            if (r is null)
            {
                grammarFailed++;
            }
            else if (r.FinishReason == FinishReason.Stop && r.Stats.Valid)
            {
                valid++;
            }
            else if (r.FinishReason == FinishReason.Stop)
            {
                invalid++;
                Console.Error.WriteLine($"invalid output for {Path.GetFileName(file)}: {r.Stats.ValidationError}");
            }
            else
            {
                length++;
            }
        }

        Console.WriteLine($"## Coverage (stories260K, AWRS, T=1, max_tokens {maxTokens}, {schemas.Count} of {total} schemas)");
        Console.WriteLine();
        Console.WriteLine("| converted | generated valid | cut at max_tokens | over 10 s | llama.cpp grammar refused | finished but invalid |");
        Console.WriteLine("|---|---|---|---|---|---|");
        Console.WriteLine($"| {converted} ({Pct(converted, schemas.Count)}) | {valid} ({Pct(valid, schemas.Count)}) | {length} | {timedOut} | {grammarFailed} | {invalid} |");
        Console.WriteLine();
    }

    private static ConstrainedResult? Generate(LlamaContext context, LlamaModel model, int[] prompt, CompiledConstraint constraint, ConstrainedSampling sampling, int maxTokens,
        AllowedSetCache? cache, CancellationToken cancellationToken = default)
    {
        GrammarSampler grammar;
        try
        {
            grammar = GrammarSampler.Create(model.Vocab, constraint.Gbnf);
        }
        catch (LlamaException)
        {
            return null;
        }

        using (grammar)
        {
            context.ClearMemory();
            var request = new ConstrainedRequest { PromptTokens = prompt, Constraint = constraint, MaxTokens = maxTokens, Sampling = sampling, StateCache = cache };
            return ConstrainedGenerator.Run(context, request, grammar, null, cancellationToken);
        }
    }

    internal static double Median(List<double> values)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }

        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static string Pct(int part, int whole) => whole == 0 ? "n/a" : ((double)part / whole).ToString("P1", Inv);
}
