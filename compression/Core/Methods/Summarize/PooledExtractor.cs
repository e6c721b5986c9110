using Compressor.Compression.Keywords;
using Compressor.Compression.Methods.Extract;
using Compressor.Compression.Scoring;
using Compressor.Compression.Segmentation;
using Compressor.Compression.Tokenization;

namespace Compressor.Compression.Methods.Summarize;

/// <summary>
/// The extractive stand-in for rewrites that failed the faithfulness check. Their chunks' budget is
/// pooled (what the budget leaves after every other chunk's output) and filled by one ranking of all
/// their sentences, as extract ranks a document: relevance to the question over the whole input,
/// carriers of keep[] words and question terms boosted, and those terms no other output carries
/// covered first, with room left for the shortest span of any the selection still misses. The budget
/// goes to the sentences that matter wherever they are instead of being spread by the per-chunk
/// targets. Each such chunk keeps its chosen sentences in original order; a chunk with none is
/// dropped, one with all of them kept. Pure given the tokenizer.
/// </summary>
internal static class PooledExtractor
{
    /// <summary>How many times the selection is redone to make room for the spans of uncovered required words.</summary>
    private const int MaxRounds = 3;

    public static void Apply(TextJob job, IReadOnlyList<ChunkState> states, IReadOnlyList<ChunkState> rejected, IReadOnlyList<string> required, ExtractOptions options, ITokenizer tokenizer)
    {
        if (rejected.Count == 0)
        {
            return;
        }

        foreach (var state in rejected)
        {
            state.Output = null;
        }

        var chosen = Choose(job, states, rejected, required, options, tokenizer);
        foreach (var state in rejected)
        {
            var picked = state.Chunk.Segments.Where(chosen.Contains).ToArray();
            (state.Output, state.Action) = picked.Length switch
            {
                0 => (null, ChunkAction.Dropped),
                _ when picked.Length == state.Chunk.Segments.Count => (state.Chunk.Text, ChunkAction.Kept),
                _ => (OutputAssembler.Join(job.Text, picked.Select(OutputAssembler.Of)), ChunkAction.Extracted),
            };

            // The chunk's keywords leave with the sentences not chosen, as a dropped chunk's do.
            var output = state.Output;
            state.Keywords = output is null ? [] : [.. state.Keywords.Where(k => KeywordMatcher.Contains(output, k))];
        }
    }

    /// <summary>The segments of the rejected chunks chosen by extract's ranking within the pooled budget.</summary>
    private static HashSet<Segment> Choose(TextJob job, IReadOnlyList<ChunkState> states, IReadOnlyList<ChunkState> rejected, IReadOnlyList<string> required, ExtractOptions options, ITokenizer tokenizer)
    {
        var segments = job.Segments;
        var index = new Dictionary<Segment, int>(ReferenceEqualityComparer.Instance);
        for (var i = 0; i < segments.Count; i++)
        {
            index[segments[i]] = i;
        }

        var texts = segments.Select(s => s.Text).ToArray();
        var importance = ImportanceScorer.Score(texts, job.Question, null, options.Weights, ExtractCompressor.Paragraphs(segments), options.Relevance);
        var units = rejected.SelectMany(s => s.Chunk.Segments).Select(s => index[s]).Order().ToArray();
        var others = states.Select(s => s.Output).OfType<string>().Where(o => o.Length > 0).ToArray();
        var ranking = SentenceRanking.Of(texts, importance, required, options.KeywordBoost)
            .Restrict(units, k => !others.Any(o => KeywordMatcher.Contains(o, required[k])));

        var separator = tokenizer.Count("\n\n");
        var used = BudgetEnforcer.Assemble(job.Text, states, tokenizer, out _);
        var pool = Math.Max(0, job.Budget - used - (used > 0 ? separator : 0));
        var tokens = units.Select(u => job.SegmentTokens[u]).ToArray();
        var settings = options.Selection(separator);

        // Required words that neither the chosen sentences nor other outputs carry come back later as
        // their shortest span (RestoreCallerKeywords): leave room for those spans so that the budget
        // need not yield to them.
        List<int> selected;
        var reserve = 0;
        for (var round = 0; ; round++)
        {
            selected = SentenceSelector.Select(tokens, ranking.Scores, ranking.Carriers, Math.Max(0, pool - reserve), settings);
            var carried = selected.Select(i => texts[units[i]]).Concat(others).ToArray();
            var need = required
                .Where(k => !carried.Any(t => KeywordMatcher.Contains(t, k)))
                .Select(k => KeywordRestorer.ShortestSpan(segments, k))
                .Sum(span => span is { } found ? tokenizer.Count(found.Span) + separator : 0);
            if (need <= reserve || round == MaxRounds)
            {
                break;
            }

            reserve = need;
        }

        return new HashSet<Segment>(selected.Select(i => segments[units[i]]), ReferenceEqualityComparer.Instance);
    }
}
