using System.Globalization;
using Compressor.Engine.Eviction;
using Compressor.Evaluation.Data;
using Compressor.Testing.Paths;

namespace Compressor.Evaluation.Cli;

/// <summary>Command-line settings of the harness (see docs/evaluation.md).</summary>
internal sealed record EvalOptions
{
    public IReadOnlyList<string> Datasets { get; init; } = DatasetCatalog.Default;

    public int Limit { get; init; } = 20;

    public IReadOnlyList<double> Ratios { get; init; } = [0.5, 0.25, 0.125];

    public IReadOnlyList<string>? Methods { get; init; }

    /// <summary>Summarizer GGUF path, or "random-qwen2.5-0.5b".</summary>
    public string? Model { get; init; }

    /// <summary>Items per dataset that summarize runs on (it is slow on CPU); the other methods use <see cref="Limit"/>.</summary>
    public int SummarizeLimit { get; init; } = 3;

    /// <summary>Model that method "attention" reads with: a GGUF path or "random-qwen2.5-0.5b"; null = <see cref="DefaultAttentionModel"/>.</summary>
    public string? AttentionModel { get; init; }

    /// <summary>Eviction policies "attention" runs with, each reported as its own method <c>attention:POLICY</c>.</summary>
    public IReadOnlyList<string> AttentionPolicies { get; init; } = ["snapkv"];

    public string? Reader { get; init; }

    public string? ReaderEndpoint { get; init; }

    public string? ReaderModel { get; init; }

    public bool Ci { get; init; }

    public string? Out { get; init; }

    public string DataRoot { get; init; } = Path.Combine(RepositoryPaths.Shared, "eval");

    public int Threads { get; init; } = 2;

    public int ContextSize { get; init; } = 16384;

    /// <summary>Timed runs per item for the speed sections (best of).</summary>
    public int Repeat { get; init; } = 3;

    /// <summary>Skip the engine-limit references after summarize (quality-only runs).</summary>
    public bool NoReference { get; init; }

    /// <summary>The trained stories260K in ../shared/models (tiny: 512-token vocabulary, 260k parameters).</summary>
    public static string DefaultAttentionModel => Path.Combine(RepositoryPaths.Shared, "models", "stories260K.gguf");

    /// <summary>The methods to run, in report order; "attention" stands for one <c>attention:POLICY</c> per <see cref="AttentionPolicies"/>.</summary>
    public IReadOnlyList<string> EffectiveMethods =>
        [.. (Methods ?? (Model is null ? ["truncate", "random", "bm25", "extract"] : ["truncate", "random", "bm25", "extract", "summarize"]))
            .SelectMany(m => m == AttentionPrefix.TrimEnd(':') ? AttentionPolicies.Select(p => AttentionPrefix + p) : [m])
            .Distinct(StringComparer.Ordinal)];

    /// <summary>The attention methods among <see cref="EffectiveMethods"/> and their policies.</summary>
    public IEnumerable<(string Method, string Policy)> AttentionMethods =>
        EffectiveMethods.Where(m => m.StartsWith(AttentionPrefix, StringComparison.Ordinal)).Select(m => (m, m[AttentionPrefix.Length..]));

    /// <summary>The model "attention" reads with: <see cref="AttentionModel"/> or the default.</summary>
    public string EffectiveAttentionModel => AttentionModel ?? DefaultAttentionModel;

    public const string AttentionPrefix = "attention:";

    public const string Usage =
        "usage: Compressor.Evaluation [--datasets hotpotqa,squad,kv,nq,longchat,qmsum,cnndm,arxiv] [--limit N] [--ratios 0.5,0.25,0.125]\n" +
        "  [--methods truncate,random,bm25,extract,summarize,attention] [--model PATH.gguf|random-qwen2.5-0.5b] [--summarize-limit N]\n" +
        "  [--attention-model PATH.gguf|random-qwen2.5-0.5b (default ../shared/models/stories260K.gguf)] [--attention-policy snapkv,streaming,h2o,frequency,random]\n" +
        "  [--reader PATH.gguf | --reader-endpoint URL --reader-model NAME] [--threads N] [--repeat N] [--no-reference] [--data DIR] [--ci] [--out FILE.md]";

    public static EvalOptions Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var options = args.Contains("--ci")
            ? new EvalOptions { Ci = true, Limit = 2, Repeat = 1, SummarizeLimit = 1 }
            : new EvalOptions();
        for (var i = 0; i < args.Count; i++)
        {
            string Next() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            options = args[i] switch
            {
                "--ci" => options,
                "--no-reference" => options with { NoReference = true },
                "--datasets" => options with { Datasets = List(Next()) },
                "--limit" => options with { Limit = Int(Next()) },
                "--ratios" => options with { Ratios = [.. List(Next()).Select(r => double.Parse(r, CultureInfo.InvariantCulture))] },
                "--methods" => options with { Methods = List(Next()) },
                "--model" => options with { Model = Next() },
                "--attention-model" => options with { AttentionModel = Next() },
                "--attention-policy" or "--attention-policies" => options with { AttentionPolicies = List(Next()) },
                "--summarize-limit" => options with { SummarizeLimit = Int(Next()) },
                "--reader" => options with { Reader = Next() },
                "--reader-endpoint" => options with { ReaderEndpoint = Next() },
                "--reader-model" => options with { ReaderModel = Next() },
                "--out" => options with { Out = Next() },
                "--data" => options with { DataRoot = Next() },
                "--threads" => options with { Threads = Int(Next()) },
                "--context-size" => options with { ContextSize = Int(Next()) },
                "--repeat" => options with { Repeat = Math.Max(1, Int(Next())) },
                _ => throw new ArgumentException($"unknown argument '{args[i]}'"),
            };
        }

        foreach (var d in options.Datasets.Where(d => !DatasetCatalog.Names.Contains(d)))
        {
            throw new ArgumentException($"unknown dataset '{d}' (known: {string.Join(", ", DatasetCatalog.Names)})");
        }

        foreach (var r in options.Ratios.Where(r => r is <= 0 or > 1))
        {
            throw new ArgumentException($"ratio {r} is not in (0, 1]");
        }

        if (options.ReaderEndpoint is not null && options.ReaderModel is null)
        {
            throw new ArgumentException("--reader-endpoint needs --reader-model NAME");
        }

        if (options.EffectiveMethods.Contains("summarize") && options.Model is null)
        {
            throw new ArgumentException("summarize needs a chat model: --model PATH.gguf (or --model random-qwen2.5-0.5b)");
        }

        if (options.AttentionPolicies.Count == 0)
        {
            throw new ArgumentException("--attention-policy needs at least one policy");
        }

        foreach (var (_, policy) in options.AttentionMethods.Concat(options.AttentionPolicies.Select(p => ("", p))))
        {
            if (!EvictionPolicies.TryParse(policy, out _))
            {
                throw new ArgumentException($"unknown eviction policy '{policy}' (known: {string.Join(", ", EvictionPolicies.Names)})");
            }
        }

        if (options.AttentionMethods.Any() && options.AttentionModel is null && !File.Exists(DefaultAttentionModel))
        {
            throw new ArgumentException($"attention needs a model: --attention-model PATH.gguf (or random-qwen2.5-0.5b); the default {DefaultAttentionModel} is missing");
        }

        return options;
    }

    private static List<string> List(string value) =>
        [.. value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(v => v.ToLowerInvariant())];

    private static int Int(string value) => int.Parse(value, CultureInfo.InvariantCulture);
}
