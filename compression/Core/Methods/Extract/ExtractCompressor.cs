using Compressor.Compression.Keywords;
using Compressor.Compression.Pipeline;
using Compressor.Compression.Scoring;
using Compressor.Compression.Segmentation;

namespace Compressor.Compression.Methods.Extract;

/// <summary>
/// Question-aware sentence extraction, the baseline the literature finds hard to beat (Jha et al.,
/// arXiv 2407.08892): score each segment (BM25 to the question, embedding similarity when there is
/// a generator, density, position), keep the best per token under the budget in original order.
/// Structured blocks are kept whole or not at all. No model needed.
/// </summary>
public sealed class ExtractCompressor : TextCompressorBase
{
    public override string Method => "extract";

    public override bool RequiresModel => false;

    protected override void ValidateOptions(CompressionRequest request) => RequestValidator.OptionsOf<ExtractOptions>(request);

    protected override async Task<TextOutcome> CompressTextAsync(TextJob job, CancellationToken cancellationToken)
    {
        var options = RequestValidator.OptionsOf<ExtractOptions>(job.Request);
        var env = job.Environment;
        var segments = job.Segments;
        var texts = segments.Select(s => s.Text).ToArray();
        env.Progress?.Report(new CompressionProgress("score", 0.2));
        var semantic = await job.Timer.MeasureAsync("embed", () => QuestionSimilarity.ComputeAsync(env.Embeddings, job.Question, texts, cancellationToken)).ConfigureAwait(false);
        var importance = job.Timer.Measure("score", () => ImportanceScorer.Score(texts, job.Question, semantic, options.Weights, Paragraphs(segments), options.Relevance));

        var required = RequiredKeywords.For(job.Text, job.Keep, job.Question);
        var ranking = job.Timer.Measure("keywords", () => SentenceRanking.Of(texts, importance, required.All, options.KeywordBoost));
        var scores = ranking.Scores;

        env.Progress?.Report(new CompressionProgress("select", 0.6));
        var selection = options.Selection(env.Tokenizer.Count("\n\n"));
        var selected = job.Timer.Measure("select", () => SentenceSelector.Select(job.SegmentTokens, scores, ranking.Carriers, job.Budget, selection));

        // Per-segment counts ignore how separators tokenize: count the real text, shed the weakest until it fits.
        var (text, tokens) = job.Timer.Measure("assemble", () =>
        {
            while (true)
            {
                var output = OutputAssembler.Join(job.Text, selected.Select(i => OutputAssembler.Of(segments[i])));
                var count = env.Tokenizer.Count(output);
                if (count <= job.Budget || selected.Count == 0)
                {
                    return (output, count);
                }

                var weakest = selected.OrderBy(i => selection.Key(scores[i], job.SegmentTokens[i])).ThenByDescending(i => i).First();
                selected.Remove(weakest);
            }
        });

        env.Progress?.Report(new CompressionProgress("done", 1));
        var chosen = selected.ToHashSet();
        var chunks = segments.Select((s, i) => new ChunkDetail(
            i,
            s.ContentStart,
            s.ContentEnd,
            KindName(s.Kind),
            Math.Round(importance[i], 4),
            job.SegmentTokens[i],
            chosen.Contains(i) ? job.SegmentTokens[i] : 0,
            chosen.Contains(i) ? job.SegmentTokens[i] : 0,
            chosen.Contains(i) ? (s.IsStructured ? ChunkAction.Verbatim : ChunkAction.Kept) : ChunkAction.Dropped,
            null)).ToArray();
        var report = job.Timer.Measure("keywords", () => required.Report(text, KeywordDetector.Detect(text), []));
        return new TextOutcome(text, tokens, new ChunkedDetails(chunks, report, job.Budget));
    }

    /// <summary>The paragraph index of each segment (a new one starts at every segment that starts a paragraph).</summary>
    public static int[] Paragraphs(IReadOnlyList<Segment> segments)
    {
        ArgumentNullException.ThrowIfNull(segments);
        var result = new int[segments.Count];
        var paragraph = 0;
        for (var i = 0; i < segments.Count; i++)
        {
            if (i > 0 && segments[i].StartsParagraph)
            {
                paragraph++;
            }

            result[i] = paragraph;
        }

        return result;
    }

    public static string KindName(SegmentKind kind) => kind switch
    {
        SegmentKind.Sentence => "sentence",
        SegmentKind.Heading => "heading",
        SegmentKind.ListItem => "list",
        SegmentKind.CodeBlock => "code",
        SegmentKind.Table => "table",
        SegmentKind.Json => "json",
        _ => "xml",
    };
}
