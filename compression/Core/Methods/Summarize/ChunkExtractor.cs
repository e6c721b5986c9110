using Compressor.Compression.Chunking;
using Compressor.Compression.Methods.Extract;
using Compressor.Compression.Scoring;
using Compressor.Compression.Tokenization;

namespace Compressor.Compression.Methods.Summarize;

/// <summary>
/// The extractive stand-in for a rejected rewrite: the chunk's best sentences for the question
/// (ranked as extract ranks them) that fit the chunk's target, in original order. Pure given the tokenizer.
/// </summary>
public static class ChunkExtractor
{
    public static string Select(Chunk chunk, string? question, int targetTokens, ITokenizer tokenizer, ImportanceWeights weights)
    {
        ArgumentNullException.ThrowIfNull(chunk);
        ArgumentNullException.ThrowIfNull(tokenizer);
        var segments = chunk.Segments;
        var texts = segments.Select(s => s.Text).ToArray();
        var tokens = texts.Select(tokenizer.Count).ToArray();
        var scores = ImportanceScorer.Score(texts, question, null, weights, ExtractCompressor.Paragraphs(segments));
        var separator = tokenizer.Count(" ");
        var chosen = SentenceSelector.Select(tokens, scores, [], targetTokens, SelectionSettings.Ranking(separator));
        return string.Join(" ", chosen.Select(i => texts[i]));
    }
}
