using Compressor.Compression.Keywords;
using Compressor.Compression.Segmentation;
using Compressor.Compression.Tokenization;

namespace Compressor.Compression.Methods.Summarize;

/// <summary>
/// Makes the assembled output honest to the budget, counting with the real tokenizer: over budget,
/// the least important chunk loses its last sentence (one without a protected keyword first) or is
/// dropped; under the fill floor, the best original sentences of dropped chunks come back.
/// </summary>
internal static class BudgetEnforcer
{
    public static int Assemble(string original, IReadOnlyList<ChunkState> states, ITokenizer tokenizer, out string text)
    {
        text = OutputAssembler.Join(original, states.Select(s => s.Piece).OfType<OutputAssembler.Piece>());
        return tokenizer.Count(text);
    }

    public static int Shrink(string original, IReadOnlyList<ChunkState> states, ITokenizer tokenizer, int budget, IReadOnlyList<string> protectedWords, out string text)
    {
        var count = Assemble(original, states, tokenizer, out text);
        while (count > budget)
        {
            var victim = states.Where(s => s.Output is { Length: > 0 }).OrderBy(s => s.Importance).ThenByDescending(s => s.Chunk.Index).FirstOrDefault();
            if (victim is null)
            {
                break;
            }

            var sentences = victim.Chunk.IsStructured ? [] : SentenceSplitter.Split(victim.Output!, 0, victim.Output!.Length);
            if (sentences.Count <= 1)
            {
                victim.Output = null;
                victim.Action = ChunkAction.Dropped;
            }
            else
            {
                var remove = sentences.Count - 1;
                for (var i = sentences.Count - 1; i >= 0; i--)
                {
                    var sentence = victim.Output![sentences[i].Start..sentences[i].End];
                    if (!protectedWords.Any(k => KeywordMatcher.Contains(sentence, k)))
                    {
                        remove = i;
                        break;
                    }
                }

                var output = victim.Output!;
                victim.Output = string.Join(" ", sentences.Where((_, i) => i != remove).Select(r => output[r.Start..r.End]));
                victim.Action = victim.Action == ChunkAction.Extracted ? ChunkAction.Extracted : ChunkAction.Partial;
            }

            count = Assemble(original, states, tokenizer, out text);
        }

        return count;
    }

    /// <summary>Brings back original sentences of dropped chunks, best score per token first, while they fit.</summary>
    public static int Fill(string original, IReadOnlyList<ChunkState> states, ITokenizer tokenizer, int budget, int floor, IReadOnlyDictionary<Segment, double> sentenceScore, int current, out string text)
    {
        text = "";
        if (current >= floor)
        {
            return Assemble(original, states, tokenizer, out text);
        }

        var separator = tokenizer.Count("\n\n");
        var candidates = states.Where(s => s.Output is null)
            .SelectMany(s => s.Chunk.Segments.Select(seg => (State: s, Segment: seg, Tokens: tokenizer.Count(seg.Text))))
            .OrderByDescending(c => sentenceScore.GetValueOrDefault(c.Segment) / (c.Tokens + 8.0))
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
