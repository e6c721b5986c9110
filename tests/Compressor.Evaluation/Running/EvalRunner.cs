using System.Diagnostics;
using System.Text;
using Compressor.Compression.Errors;
using Compressor.Compression.Pipeline;
using Compressor.Evaluation.Cli;
using Compressor.Evaluation.Data;
using Compressor.Evaluation.Engine;
using Compressor.Evaluation.Metrics;
using Compressor.Evaluation.Reader;

namespace Compressor.Evaluation.Running;

/// <summary>
/// Runs every method at every ratio on every item, in one process so baselines and methods share
/// the machine's state; summarize runs on the first items only and is followed, each time, by the
/// engine-limit reference for the same work.
/// </summary>
internal sealed class EvalRunner(EvalOptions options, EvalEngine engine, IReadOnlyDictionary<string, IPromptCompressor> methods,
    UsageRecorder? summarizer, string? summarizerId, IReader? reader, TextWriter log)
{
    public async Task<List<ExampleRow>> RunAsync(IReadOnlyList<EvalExample> examples, CancellationToken cancellationToken)
    {
        var rows = new List<ExampleRow>();
        for (var i = 0; i < examples.Count; i++)
        {
            var example = examples[i];
            var metrics = ExampleMetrics.For(example);
            var originalTokens = engine.Tokenizer.Count(example.Context);
            if (reader is not null)
            {
                rows.Add(await ReadAsync(Base(example, "full", 1, originalTokens, metrics, example.Context) with { Budget = originalTokens, CompressedTokens = originalTokens }, example, example.Context, cancellationToken));
            }

            foreach (var ratio in options.Ratios)
            {
                foreach (var method in options.EffectiveMethods)
                {
                    if (method == "summarize" && i >= options.SummarizeLimit)
                    {
                        continue;
                    }

                    var row = await CompressAsync(example, i, method, ratio, originalTokens, metrics, cancellationToken);
                    rows.Add(row);
                    var summary = row.Ok ? $"{row.CompressedTokens}/{row.OriginalTokens} tok, {row.Ms:F0} ms{(row.GoldRetained is { } g ? (g ? ", gold kept" : ", gold lost") : "")}" : row.Error;
                    if (row.Ok && method.StartsWith(EvalOptions.AttentionPrefix, StringComparison.Ordinal) && row.StageMs is { Count: > 0 } stages)
                    {
                        summary += $" ({string.Join(", ", stages.Select(kv => $"{kv.Key} {kv.Value:F0}"))})";
                    }

                    log.WriteLine($"  {example.Dataset}#{example.Id} {method}@{ratio}: {summary}{(row.ReferenceMs is { } r ? $" (engine limit {r:F0} ms)" : "")}");
                }
            }
        }

        return rows;
    }

    private async Task<ExampleRow> CompressAsync(EvalExample example, int index, string method, double ratio, int originalTokens,
        ExampleMetrics metrics, CancellationToken cancellationToken)
    {
        var compressor = methods[method];
        var request = new CompressionRequest
        {
            Text = example.Context,
            Question = example.Question,
            Method = method,
            Target = new CompressionTarget(Ratio: ratio),
            Seed = index,
        };
        var isSummarize = method == "summarize";
        var environment = new CompressionEnvironment { Tokenizer = engine.Tokenizer, Summarizer = isSummarize ? summarizer : null };
        var budget = request.Target.BudgetFor(originalTokens);
        var runs = isSummarize ? options.Repeat : 1;
        CompressionResult? best = null;
        var bestMs = double.MaxValue;
        EngineLimit.Measurement? reference = null;
        double? samePrompts = null;
        (long Calls, long In, long Out, double ModelMs) usage = default;
        for (var run = 0; run < runs; run++)
        {
            summarizer?.Reset();
            var clock = Stopwatch.StartNew();
            CompressionResult result;
            try
            {
                result = await compressor.CompressAsync(request, environment, cancellationToken);
            }
            catch (CompressorException e)
            {
                return Base(example, method, ratio, originalTokens, metrics, null) with { Budget = budget, Error = e.Code };
            }

            var ms = clock.Elapsed.TotalMilliseconds;
            if (ms < bestMs)
            {
                (best, bestMs) = (result, ms);
                usage = summarizer is null ? default : (summarizer.Calls.Count, summarizer.InputTokens, summarizer.OutputTokens, summarizer.ModelMs);
            }

            if (isSummarize && summarizer is not null && !options.NoReference)
            {
                log.WriteLine($"    summarize run {run + 1}: {ms:F0} ms, {summarizer.Calls.Count} calls, {summarizer.InputTokens} prompt + {summarizer.OutputTokens} generated tokens, model busy {summarizer.ModelMs:F0} ms; stages {string.Join(", ", result.TimingsMs.Select(kv => $"{kv.Key} {kv.Value:F0}"))}");
                var calls = summarizer.Calls;
                var measured = await EngineLimit.MeasureAsync(engine.Registry, summarizerId!, example.Context, calls, false, cancellationToken);
                log.WriteLine($"    engine limit: prefill {measured.PromptTokens} tok {measured.PrefillMs:F0} ms + decode {measured.DecodedTokens} tok {measured.DecodeMs:F0} ms");
                var same = await EngineLimit.MeasureAsync(engine.Registry, summarizerId!, example.Context, calls, true, cancellationToken);
                log.WriteLine($"    same prompts: prefill {same.PromptTokens} tok {same.PrefillMs:F0} ms + decode {same.DecodedTokens} tok {same.DecodeMs:F0} ms");
                reference = reference is { } r && r.TotalMs <= measured.TotalMs ? r : measured;
                samePrompts = samePrompts is { } sp && sp <= same.TotalMs ? sp : same.TotalMs;
            }
        }

        var text = best!.Text;
        if (Environment.GetEnvironmentVariable("EVAL_DUMP") is { } dump && example.Id.StartsWith(dump, StringComparison.Ordinal))
        {
            // Debug aid (docs/evaluation.md): EVAL_DUMP=<item id prefix> prints what each method kept.
            Console.Error.WriteLine($"=== {example.Dataset}#{example.Id} {method}@{ratio}\n{text}\n");
        }

        var row = Base(example, method, ratio, originalTokens, metrics, text) with
        {
            Budget = budget,
            CompressedTokens = engine.Tokenizer.Count(text),
            Ms = bestMs,
            StageMs = best.TimingsMs,
            ReferenceMs = reference?.TotalMs,
            ReferencePrefillMs = reference?.PrefillMs,
            ReferenceDecodeMs = reference?.DecodeMs,
            SamePromptsMs = samePrompts,
            ModelCalls = usage.Calls,
            ModelInputTokens = usage.In,
            ModelOutputTokens = usage.Out,
            ModelMs = usage.ModelMs,
        };
        return reader is null ? row : await ReadAsync(row, example, text, cancellationToken);
    }

    private static ExampleRow Base(EvalExample example, string method, double ratio, int originalTokens, ExampleMetrics metrics, string? output) => new()
    {
        Dataset = example.Dataset,
        Method = method,
        Ratio = ratio,
        Id = example.Id,
        OriginalTokens = originalTokens,
        InputBytes = Encoding.UTF8.GetByteCount(example.Context),
        GoldRetained = example.HasAnswers ? output is not null && AnswerMetrics.Retained(output, example.Answers) : null,
        KeywordsRequired = metrics.Required.Count,
        KeywordsKept = output is null ? 0 : metrics.RequiredKept(output),
        EntitiesRequired = metrics.Entities.Count,
        EntitiesKept = output is null ? 0 : metrics.EntitiesKept(output),
    };

    private async Task<ExampleRow> ReadAsync(ExampleRow row, EvalExample example, string context, CancellationToken cancellationToken)
    {
        if (reader is null)
        {
            return row;
        }

        try
        {
            if (example.HasAnswers && example.Question is not null)
            {
                var answer = ReaderPrompts.FirstLine(await reader.CompleteAsync(ReaderPrompts.Answer(context, example.Question), ReaderPrompts.AnswerTokens, cancellationToken));
                return row with { ExactMatch = AnswerMetrics.ExactMatch(answer, example.Answers), F1 = AnswerMetrics.F1(answer, example.Answers) };
            }

            if (example.ReferenceSummary is { } reference)
            {
                var summary = await reader.CompleteAsync(ReaderPrompts.Summary(context, example.Question), ReaderPrompts.SummaryTokens, cancellationToken);
                return row with { RougeL = RougeL.F1(summary, reference) };
            }
        }
        catch (Exception e) when (e is CompressorException or HttpRequestException or TaskCanceledException)
        {
            log.WriteLine($"  reader failed on {example.Dataset}#{example.Id}: {e.Message}");
        }

        return row;
    }
}
