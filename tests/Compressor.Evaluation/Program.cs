using System.Diagnostics;
using System.Globalization;
using System.Text;
using Compressor.Compression.Methods.Extract;
using Compressor.Compression.Methods.Summarize;
using Compressor.Compression.Methods.Truncate;
using Compressor.Compression.Errors;
using Compressor.Compression.Pipeline;
using Compressor.Engine.Eviction;
using Compressor.Evaluation.Baselines;
using Compressor.Evaluation.Cli;
using Compressor.Evaluation.Data;
using Compressor.Evaluation.Engine;
using Compressor.Evaluation.Reader;
using Compressor.Evaluation.Running;

// Compression quality and speed on ../shared/eval, baselines measured in the same run; prints markdown.
// Usage: dotnet run --project tests/Compressor.Evaluation -c Release -- [options]   (see EvalOptions.Usage)
EvalOptions options;
try
{
    options = EvalOptions.Parse(args);
}
catch (Exception e) when (e is ArgumentException or FormatException)
{
    Console.Error.WriteLine(e.Message);
    Console.Error.WriteLine(EvalOptions.Usage);
    return 2;
}

var clock = Stopwatch.StartNew();
using var engine = new EvalEngine(options.Threads, options.ContextSize);
IReadOnlyDictionary<string, IPromptCompressor> methods = new Dictionary<string, IPromptCompressor>(StringComparer.Ordinal)
{
    ["truncate"] = new TruncateCompressor(),
    ["random"] = new RandomSentenceCompressor(),
    ["bm25"] = new Bm25SentenceCompressor(),
    ["extract"] = new ExtractCompressor(),
    ["summarize"] = new SummarizeCompressor(),
};
foreach (var variant in ExtractVariant.All)
{
    ((Dictionary<string, IPromptCompressor>)methods)[variant.Method] = variant;
}

// Method "attention" (KV-eviction scores), one entry per policy, built as the API builds it
// (EvictionRegistration.AddEviction: default EvictionOptions, a file calibration store for "frequency").
var attentionMethods = new List<AttentionVariant>();
if (options.AttentionMethods.Any())
{
    var (attentionRegistry, attentionModel) = engine.AddAttentionModel(options.EffectiveAttentionModel);
    var attention = new AttentionCompressor(attentionRegistry, new EvictionOptions(),
        new FileFrequencyCalibrationStore(Path.Combine(Path.GetTempPath(), "compressor-fasa")));
    foreach (var (method, policy) in options.AttentionMethods)
    {
        var variant = new AttentionVariant(attention, policy, attentionModel);
        attentionMethods.Add(variant);
        ((Dictionary<string, IPromptCompressor>)methods)[method] = variant;
    }
}

foreach (var unknown in options.EffectiveMethods.Where(m => !methods.ContainsKey(m)))
{
    Console.Error.WriteLine($"unknown method '{unknown}' (known: {string.Join(", ", methods.Keys)})");
    return 2;
}

const string SummarizerId = "summarizer";
UsageRecorder? summarizer = options.Model is null ? null : new UsageRecorder(engine.AddChatModel(SummarizerId, options.Model));
if (summarizer is not null)
{
    // Load the model and create its context before anything is timed.
    await summarizer.GetResponseAsync([new Microsoft.Extensions.AI.ChatMessage(Microsoft.Extensions.AI.ChatRole.User, "Say hello.")], new Microsoft.Extensions.AI.ChatOptions { MaxOutputTokens = 4 });
}

// Load the attention model and create both its contexts (scoring and plain) before anything is timed.
var warmText = string.Concat(Enumerable.Repeat("The miller rowed the red boat down the river to the old town. ", 30));
foreach (var variant in attentionMethods)
{
    try
    {
        await variant.CompressAsync(
            new CompressionRequest { Text = warmText, Question = "Which boat did the miller row?", Method = variant.Method, Target = new CompressionTarget(Ratio: 0.5) },
            new CompressionEnvironment { Tokenizer = engine.Tokenizer }, CancellationToken.None);
    }
    catch (CompressorException e)
    {
        // Not fatal here: every item then records the error in its row (and --ci fails on it).
        Console.Error.WriteLine($"{variant.Method} warm-up failed: {e.Code}: {e.Message}");
    }
}

using var endpointReader = options.ReaderEndpoint is null ? null : new OpenAiEndpointReader(options.ReaderEndpoint, options.ReaderModel!);
IReader? reader = (IReader?)endpointReader
    ?? (options.Reader is null ? null : new ChatClientReader(engine.AddChatModel("reader", options.Reader), Path.GetFileName(options.Reader)));

var log = Console.Error;
var report = new StringBuilder();
report.AppendLine(CultureInfo.InvariantCulture, $"# Compressor evaluation ({DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC)");
report.AppendLine();
report.AppendLine(CultureInfo.InvariantCulture, $"Tokens counted with the real Qwen2 tokenizer (llama.cpp, ggml-vocab-qwen2.gguf). Items per dataset: {options.Limit} (summarize: first {options.SummarizeLimit}); ratios {string.Join(", ", options.Ratios.Select(r => r.ToString(CultureInfo.InvariantCulture)))}; threads {options.Threads}; summarizer {options.Model ?? "none"}; attention model {(attentionMethods.Count > 0 ? options.EffectiveAttentionModel : "none")}; reader {reader?.Name ?? "none"}; {Environment.ProcessorCount} cores.");
report.AppendLine();

var failures = new List<string>();
var rows = new List<ExampleRow>();
var loaded = new List<EvalExample>();
var runner = new EvalRunner(options, engine, methods, summarizer, SummarizerId, reader, log);
foreach (var dataset in options.Datasets)
{
    IReadOnlyList<EvalExample> examples;
    try
    {
        examples = DatasetCatalog.Load(dataset, options.DataRoot, options.Ci && dataset is "qmsum" or "arxiv" ? 1 : options.Limit);
    }
    catch (DatasetMissingException e)
    {
        log.WriteLine($"skipping {dataset}: {e.Message}");
        failures.Add($"{dataset}: {e.Message}");
        continue;
    }

    log.WriteLine($"{dataset}: {examples.Count} items");
    loaded.AddRange(examples);
    rows.AddRange(await runner.RunAsync(examples, CancellationToken.None));
}

report.AppendLine("## Quality and cost per dataset, ratio and method");
report.AppendLine();
report.AppendLine(MarkdownReport.Quality(rows, options.EffectiveMethods));
if (MarkdownReport.SummarizeSpeed(rows) is { Length: > 0 } speed)
{
    report.AppendLine("## summarize vs the engine's own limit (best of " + options.Repeat.ToString(CultureInfo.InvariantCulture) + ")");
    report.AppendLine();
    report.AppendLine(speed);
}

if (options.EffectiveMethods.Contains("extract") && loaded.Count > 0)
{
    var environment = new CompressionEnvironment { Tokenizer = engine.Tokenizer };
    var throughput = new List<ThroughputProbe.Result>();
    foreach (var ratio in options.Ratios)
    {
        throughput.Add(await ThroughputProbe.MeasureAsync(methods["extract"], loaded, environment, ratio, options.Repeat, CancellationToken.None));
    }

    report.AppendLine("## extract throughput without a model (best of " + options.Repeat.ToString(CultureInfo.InvariantCulture) + ", all loaded items)");
    report.AppendLine();
    report.AppendLine(MarkdownReport.Throughput(throughput));
}

// Invariants every method must hold on every item; CI fails on any breach.
foreach (var row in rows.Where(r => r.Ok && r.Method != "full" && r.CompressedTokens > r.Budget))
{
    failures.Add($"{row.Dataset}#{row.Id} {row.Method}@{row.Ratio}: {row.CompressedTokens} tokens over the budget of {row.Budget}");
}

foreach (var row in rows.Where(r => r.Error is not null and not "target_below_one_sentence"))
{
    failures.Add($"{row.Dataset}#{row.Id} {row.Method}@{row.Ratio}: failed with {row.Error}");
}

report.AppendLine(CultureInfo.InvariantCulture, $"_{rows.Count} compressions in {clock.Elapsed.TotalSeconds:0.0} s._");
var markdown = report.ToString();
Console.WriteLine(markdown);
if (options.Out is { } outPath)
{
    await File.WriteAllTextAsync(outPath, markdown);
}

foreach (var f in failures)
{
    log.WriteLine("FAIL " + f);
}

return options.Ci && failures.Count > 0 ? 1 : 0;
