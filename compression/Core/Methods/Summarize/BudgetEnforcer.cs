using Compressor.Compression.Methods.Extract;
using Compressor.Compression.Keywords;
using Compressor.Compression.Segmentation;
using Compressor.Compression.Tokenization;

namespace Compressor.Compression.Methods.Summarize;

/// <summary>
/// Makes the assembled output honest to the budget, counting with the real tokenizer: over budget,
/// sentences go from the least important chunk first, never the last carrier of a required keyword;
/// under the fill floor, the best original sentences of dropped chunks come back.
/// </summary>
internal static class BudgetEnforcer
{
    public static int Assemble(string original, IReadOnlyList<ChunkState> states, ITokenizer tokenizer, out string text)
    {
        text = OutputAssembler.Join(original, states.Select(s => s.Piece).OfType<OutputAssembler.Piece>());
        return tokenizer.Count(text);
    }

    /// <summary>
    /// Removes sentences (least important chunk first, its last sentence first) until the output fits.
    /// A sentence goes only if every protected word it carries (keep[] and question terms) is still
    /// carried elsewhere in the output. The keywords a chunk's rewrite was asked to keep leave with
    /// the content removed for the budget, as a dropped chunk's do. When nothing more can go, the
    /// budget loses to the protected words and the caller reports <c>budget_met: false</c>.
    /// </summary>
    public static int Shrink(string original, IReadOnlyList<ChunkState> states, ITokenizer tokenizer, int budget, IReadOnlyList<string> protectedWords, out string text)
    {
        var count = Assemble(original, states, tokenizer, out text);
        while (count > budget && RemoveOne(states, protectedWords))
        {
            count = Assemble(original, states, tokenizer, out text);
        }

        return count;
    }

    private static bool RemoveOne(IReadOnlyList<ChunkState> states, IReadOnlyList<string> protectedWords)
    {
        foreach (var victim in states.Where(s => s.Output is { Length: > 0 }).OrderBy(s => s.Importance).ThenByDescending(s => s.Chunk.Index))
        {
            var output = victim.Output!;
            List<(int Start, int End)> sentences = victim.Chunk.IsStructured ? [(0, output.Length)] : SentenceSplitter.Split(output, 0, output.Length);
            if (sentences.Count == 0)
            {
                sentences = [(0, output.Length)];
            }

            for (var i = sentences.Count - 1; i >= 0; i--)
            {
                var sentence = output[sentences[i].Start..sentences[i].End];
                var rest = string.Join(" ", sentences.Where((_, j) => j != i).Select(r => output[r.Start..r.End]));
                var removable = protectedWords.All(k => !KeywordMatcher.Contains(sentence, k)
                    || KeywordMatcher.Contains(rest, k)
                    || states.Any(o => o != victim && o.Output is { } other && KeywordMatcher.Contains(other, k)));
                if (!removable)
                {
                    continue;
                }

                if (sentences.Count == 1)
                {
                    victim.Output = null;
                    victim.Action = ChunkAction.Dropped;
                }
                else
                {
                    victim.Output = rest;
                    victim.Action = victim.Action == ChunkAction.Extracted ? ChunkAction.Extracted : ChunkAction.Partial;

                    // The chunk's own keywords leave with the content removed for the budget, as a dropped chunk's do.
                    victim.Keywords = [.. victim.Keywords.Where(k => KeywordMatcher.Contains(rest, k))];
                }

                return true;
            }
        }

        return false;
    }

    /// <summary>Brings back original sentences of dropped chunks, best score per square root of tokens first (as extract ranks), while they fit.</summary>
    public static int Fill(string original, IReadOnlyList<ChunkState> states, ITokenizer tokenizer, int budget, int floor, IReadOnlyDictionary<Segment, double> sentenceScore, int current, out string text)
    {
        text = "";
        if (current >= floor)
        {
            return Assemble(original, states, tokenizer, out text);
        }

        var separator = tokenizer.Count("\n\n");
        var ranking = SelectionSettings.Ranking(separator);
        var candidates = states.Where(s => s.Output is null)
            .SelectMany(s => s.Chunk.Segments.Select(seg => (State: s, Segment: seg, Tokens: tokenizer.Count(seg.Text))))
            .OrderByDescending(c => ranking.Key(sentenceScore.GetValueOrDefault(c.Segment), c.Tokens))
            .ThenBy(c => c.Segment.Start)
            .ToList();
        var added = new List<(ChunkState State, Segment Segment)>();
        var estimate = current;
        foreach (var c in candidates)
        {
            if (estimate + c.Tokens + separator > budget)
            {
                continue;
            }

            estimate += c.Tokens + separator;
            added.Add((c.State, c.Segment));
        }

        while (true)
        {
            foreach (var group in added.GroupBy(a => a.State))
            {
                group.Key.Output = OutputAssembler.Join(original, group.OrderBy(a => a.Segment.Start).Select(a => OutputAssembler.Of(a.Segment)));
                group.Key.Action = ChunkAction.Extracted;
            }

            var count = Assemble(original, states, tokenizer, out text);
            if (count <= budget || added.Count == 0)
            {
                return count;
            }

            // Separators tokenized differently than estimated: give back the last sentence taken.
            var last = added[^1];
            added.RemoveAt(added.Count - 1);
            if (!added.Exists(a => a.State == last.State))
            {
                last.State.Output = null;
                last.State.Action = ChunkAction.Dropped;
            }
        }
    }
}
