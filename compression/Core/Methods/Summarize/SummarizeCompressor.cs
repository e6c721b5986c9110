using Compressor.Compression.Budget;
using Compressor.Compression.Chunking;
using Compressor.Compression.Errors;
using Compressor.Compression.Keywords;
using Compressor.Compression.Methods.Extract;
using Compressor.Compression.Pipeline;
using Compressor.Compression.Scoring;
using Compressor.Compression.Segmentation;

namespace Compressor.Compression.Methods.Summarize;

/// <summary>
/// Chunk-and-summarize (SCOPE, arXiv 2508.15813): segmentation, semantic chunking, outlier
/// handling, importance, per-chunk targets (dynamic ratio, least important compressed first and
/// dropped when needed), concurrent rewrites by the chat model, a faithfulness check of each rewrite
/// (the budget of the unfaithful ones is pooled and filled by extract's ranking of their sentences,
/// <see cref="PooledExtractor"/>), keyword restoration, and budget enforcement with the request's tokenizer.
/// </summary>
public sealed class SummarizeCompressor : TextCompressorBase
{
    public override string Method => "summarize";

    public override bool RequiresModel => true;

    protected override void ValidateOptions(CompressionRequest request)
    {
        var options = RequestValidator.OptionsOf<SummarizeOptions>(request);
        if (options.MinFill is < 0 or > 1 || double.IsNaN(options.MinFill))
        {
            throw CompressorException.BadRequest("min_fill_out_of_range", "options.min_fill must be in [0, 1]", "options.min_fill");
        }

        if (options.MinFaithfulness is < 0 or > 1 || double.IsNaN(options.MinFaithfulness))
        {
            throw CompressorException.BadRequest("min_faithfulness_out_of_range", "options.min_faithfulness must be in [0, 1]", "options.min_faithfulness");
        }

        if (options.WindowTokens < 1)
        {
            throw CompressorException.BadRequest("window_tokens_out_of_range", "options.window_tokens must be at least 1", "options.window_tokens");
        }

        if (options.Chunking.MinTokens < 0 || options.Chunking.MaxTokens < 1 || options.Chunking.MinTokens > options.Chunking.MaxTokens)
        {
            throw CompressorException.BadRequest("chunking_invalid", "options.chunking needs 0 <= min_tokens <= max_tokens", "options.chunking");
        }
    }

    protected override async Task<TextOutcome> CompressTextAsync(TextJob job, CancellationToken cancellationToken)
    {
        var options = RequestValidator.OptionsOf<SummarizeOptions>(job.Request);
        var env = job.Environment;
        var client = env.Summarizer ?? throw CompressorException.Unavailable(
            "model_unavailable", "summarize needs a chat model and none is loaded; configure a model or use method 'extract'");
        var tokenizer = env.Tokenizer;
        var timer = job.Timer;

        env.Progress?.Report(new CompressionProgress("chunk", 0.05));
        var chunks = await timer.MeasureAsync("chunk", () => SemanticChunker.ChunkAsync(job.Text, job.Segments, tokenizer, env.Embeddings, options.Chunking, cancellationToken)).ConfigureAwait(false);

        env.Progress?.Report(new CompressionProgress("score", 0.15));
        var chunkTexts = chunks.Select(c => c.Text).ToArray();
        var semantic = await timer.MeasureAsync("embed", () => QuestionSimilarity.ComputeAsync(env.Embeddings, job.Question, chunkTexts, cancellationToken)).ConfigureAwait(false);
        var importance = timer.Measure("score", () => ImportanceScorer.Score(chunkTexts, job.Question, semantic, options.Weights));
        var states = chunks.Select((c, i) => new ChunkState(c, importance[i])).ToArray();

        var separator = tokenizer.Count("\n\n");
        var solverBudget = Math.Max(0, job.Budget - (separator * Math.Max(0, chunks.Count - 1)));
        var targets = timer.Measure("budget", () => BudgetSolver.Solve(
            chunks.Select(c => new BudgetItem(c.Minified is null ? c.Tokens : c.MinifiedTokens, importance[c.Index], !c.IsStructured)).ToArray(),
            solverBudget,
            options.Budget));

        var required = RequiredKeywords.For(job.Text, job.Keep, job.Question);
        var rewrites = new List<(ChunkState State, ChunkRewriter.Job Job)>();
        foreach (var state in states)
        {
            var c = state.Chunk;
            state.Target = targets[c.Index];
            (state.Action, state.Output) = (state.Target, c) switch
            {
                (0, _) => (ChunkAction.Dropped, null),
                (_, { Minified: { } m }) => (ChunkAction.Minified, m),
                (_, { IsStructured: true }) => (ChunkAction.Verbatim, c.Text),
                _ when state.Target >= c.Tokens => (ChunkAction.Kept, c.Text),
                _ => (ChunkAction.Rewritten, null),
            };
            if (state.Action == ChunkAction.Rewritten)
            {
                state.Keywords = ChunkKeywords(c, required, state.Target, options.TokensPerKeyword);
                rewrites.Add((state, new ChunkRewriter.Job(c.Text, c.Tokens, state.Target, state.Keywords)));
            }
        }

        env.Progress?.Report(new CompressionProgress("rewrite", 0.25, $"{rewrites.Count} chunks"));
        void WindowDone(int done, int windows) =>
            env.Progress?.Report(new CompressionProgress("rewrite", 0.25 + (0.6 * done / windows), $"window {done}/{windows}"));
        var summaries = await timer.MeasureAsync("rewrite", () => ChunkRewriter.RewriteAllAsync(
            client, rewrites.Select(r => r.Job).ToArray(), job.Request.Seed, options.MaxOutputFactor, options.WindowTokens, WindowDone, cancellationToken)).ConfigureAwait(false);

        env.Progress?.Report(new CompressionProgress("restore", 0.85));
        timer.Measure("restore", () =>
        {
            var rejected = new List<ChunkState>();
            for (var i = 0; i < rewrites.Count; i++)
            {
                var state = rewrites[i].State;
                if (RewriteGuard.Faithfulness(summaries[i], state.Chunk.Text) < options.MinFaithfulness)
                {
                    rejected.Add(state);
                    continue;
                }

                var (text, restored) = KeywordRestorer.Restore(summaries[i], state.Keywords, state.Chunk.Segments);
                state.Restored.AddRange(restored);

                // A rewrite no shorter than the original is worthless: keep the original instead.
                (state.Output, state.Action) = tokenizer.Count(text) >= state.Chunk.Tokens
                    ? (state.Chunk.Text, ChunkAction.Kept)
                    : (text, ChunkAction.Rewritten);
            }

            PooledExtractor.Apply(job, states, rejected, required.All, new ExtractOptions { Weights = options.Weights }, tokenizer);
            RestoreCallerKeywords(states, required);
            return 0;
        });

        env.Progress?.Report(new CompressionProgress("enforce", 0.9));
        var (final, count) = timer.Measure("enforce", () =>
        {
            var n = BudgetEnforcer.Shrink(job.Text, states, tokenizer, job.Budget, required.All, out var text);
            var floor = (int)Math.Ceiling(options.MinFill * Math.Min(job.Budget, job.OriginalTokens));
            var sentenceScores = SentenceScores(states, job.Question, options);
            n = BudgetEnforcer.Fill(job.Text, states, tokenizer, job.Budget, floor, sentenceScores, n, out text);
            return (text, n);
        });

        env.Progress?.Report(new CompressionProgress("done", 1));
        var details = states.Select(s => new ChunkDetail(
            s.Chunk.Index,
            s.Chunk.Start,
            s.Chunk.End,
            s.Chunk.Kind,
            Math.Round(s.Importance, 4),
            s.Chunk.Tokens,
            s.Target,
            s.Output is null ? 0 : tokenizer.Count(s.Output),
            s.Action,
            s.Action is ChunkAction.Rewritten or ChunkAction.Partial or ChunkAction.Extracted ? s.Output : null)).ToArray();
        var detected = states.Where(s => s.Output is not null).SelectMany(s => s.Keywords);
        var restoredAll = states.SelectMany(s => s.Restored).Distinct(StringComparer.OrdinalIgnoreCase).ToArray();
        var report = required.Report(final, detected, restoredAll);
        return new TextOutcome(final, count, new ChunkedDetails(details, report, job.Budget));
    }

    /// <summary>keep[] and question terms found in the chunk, then detected keywords, at most one per few target tokens.</summary>
    private static List<string> ChunkKeywords(Chunk chunk, RequiredKeywords required, int target, int tokensPerKeyword)
    {
        var mustHave = required.All.Where(k => KeywordMatcher.Contains(chunk.Text, k)).ToList();
        var room = Math.Max(2, target / Math.Max(1, tokensPerKeyword)) - mustHave.Count;
        var detected = KeywordDetector.Detect(chunk.Text)
            .Where(k => !mustHave.Contains(k, StringComparer.OrdinalIgnoreCase))
            .Take(Math.Max(0, room));
        return [.. mustHave, .. detected];
    }

    /// <summary>keep[] words and question terms lost with dropped chunks come back as their shortest original span.</summary>
    private static void RestoreCallerKeywords(ChunkState[] states, RequiredKeywords required)
    {
        foreach (var keyword in required.All)
        {
            if (states.Any(s => s.Output is not null && KeywordMatcher.Contains(s.Output, keyword)))
            {
                continue;
            }

            var best = states
                .Select(s => (State: s, Span: KeywordRestorer.ShortestSpan(s.Chunk.Segments, keyword)))
                .Where(x => x.Span is not null)
                .OrderBy(x => x.Span!.Value.Span.Length)
                .FirstOrDefault();
            if (best.State is null)
            {
                continue;
            }

            var state = best.State;
            var span = best.Span!.Value.Span;
            state.Output = state.Output is null ? span : state.Output.TrimEnd() + " " + span;
            state.Action = state.Action == ChunkAction.Dropped ? ChunkAction.Extracted : state.Action;
            state.Restored.Add(keyword);
        }
    }

    private static Dictionary<Segment, double> SentenceScores(ChunkState[] states, string? question, SummarizeOptions options)
    {
        var segments = states.Where(s => s.Output is null).SelectMany(s => s.Chunk.Segments).ToArray();
        var scores = ImportanceScorer.Score(segments.Select(s => s.Text).ToArray(), question, null, options.Weights, ExtractCompressor.Paragraphs(segments));
        return segments.Select((s, i) => (s, i)).ToDictionary(x => x.s, x => scores[x.i]);
    }
}
