using System.Globalization;
using Compressor.Engine.Latent;
using Compressor.Engine.Models;
using Compressor.Engine.Options;
using Microsoft.Extensions.Logging.Abstractions;

namespace Compressor.Benchmarks.Latent;

/// <summary>
/// Reconstruction quality with real weights: every text (paragraphs of --texts, split on blank
/// lines) is encoded and decoded with the default instruction; prints exact match and ROUGE-L F1
/// per text and on average. Needs converted models and an adapter:
/// -- latent --reconstruct --models DIR --texts FILE [--adapter ID] [--max N] [--threads N].
/// </summary>
public static class LatentReconstruction
{
    public static async Task RunAsync(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var models = Value(args, "--models") ?? throw new ArgumentException("--models DIR is required");
        var textsPath = Value(args, "--texts") ?? throw new ArgumentException("--texts FILE is required");
        var max = LatentBenchmark.Arg(args, "--max", 50);
        var engine = new EngineOptions { Threads = LatentBenchmark.Arg(args, "--threads", 0), ContextSize = 16384, SequencesPerContext = 4, ContextsPerModel = 1 };
        using var registry = new ModelRegistry(new ModelsOptions { Directory = models }, engine, new NativeRuntime(engine, NullLoggerFactory.Instance), NullLogger<ModelRegistry>.Instance);
        var service = new LatentService(registry, new LatentAdapterRegistry(new LatentOptions(), new ModelsOptions { Directory = models }), new LatentOptions());
        var texts = File.ReadAllText(textsPath).Split(["\n\n", "\r\n\r\n"], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Take(max).ToList();

        var metrics = new List<ReconstructionMetrics>();
        foreach (var text in texts)
        {
            var set = await service.EncodeAsync(text, new LatentEncodeOptions { Adapter = Value(args, "--adapter") }, CancellationToken.None).ConfigureAwait(false);
            var decoded = await service.GenerateFromLatentsAsync(set, null, CancellationToken.None).ConfigureAwait(false);
            var m = ReconstructionMetrics.Compare(text, decoded.Text);
            metrics.Add(m);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{set.TextTokens,6} tokens  {set.LatentCount,4} latents  ratio {set.Ratio,5:F1}  exact {(m.ExactMatch ? 1 : 0)}  rougeL-F1 {m.RougeLF1:F3}  ({decoded.FinishReason}, {decoded.ElapsedMs:F0} ms)"));
        }

        if (metrics.Count > 0)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{metrics.Count} texts: exact match {metrics.Count(m => m.ExactMatch) / (double)metrics.Count:P1}, mean ROUGE-L F1 {metrics.Average(m => m.RougeLF1):F3}"));
        }
    }

    private static string? Value(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }
}
