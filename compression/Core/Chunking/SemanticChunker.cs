using System.Text.Json;
using Compressor.Compression.Segmentation;
using Compressor.Compression.Tokenization;
using Microsoft.Extensions.AI;

namespace Compressor.Compression.Chunking;

/// <summary>
/// Mechanism around <see cref="ChunkPlanner"/>: counts tokens, measures adjacent similarity (the
/// embedding generator's when there is one, TF-IDF otherwise) and builds the chunks, minifying JSON
/// blocks when that alone saves tokens.
/// </summary>
public static class SemanticChunker
{
    public static async Task<IReadOnlyList<Chunk>> ChunkAsync(
        string text,
        IReadOnlyList<Segment> segments,
        ITokenizer tokenizer,
        IEmbeddingGenerator<string, Embedding<float>>? embeddings,
        ChunkingOptions options,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(segments);
        ArgumentNullException.ThrowIfNull(tokenizer);
        ArgumentNullException.ThrowIfNull(options);
        var units = new ChunkUnit[segments.Count];
        for (var i = 0; i < segments.Count; i++)
        {
            var s = segments[i];
            units[i] = new ChunkUnit(tokenizer.Count(s.Text), s.IsStructured, s.Kind == SegmentKind.Heading || (s.StartsParagraph && i > 0 && segments[i - 1].IsStructured));
        }

        var texts = segments.Select(s => s.Text).ToArray();
        double[] adjacent;
        if (embeddings is not null && texts.Length > 1)
        {
            var generated = await embeddings.GenerateAsync(texts, cancellationToken: cancellationToken).ConfigureAwait(false);
            adjacent = SimilarityMeasure.Adjacent(generated.Select(e => e.Vector.ToArray()).ToArray());
        }
        else
        {
            adjacent = SimilarityMeasure.LexicalAdjacent(texts);
        }

        var chunks = new List<Chunk>();
        foreach (var (first, count) in ChunkPlanner.Plan(units, adjacent, options))
        {
            var group = segments.Skip(first).Take(count).ToArray();
            var content = text[group[0].ContentStart..group[^1].ContentEnd];
            var tokens = count == 1 ? units[first].Tokens : tokenizer.Count(content);
            var chunk = new Chunk(chunks.Count, Chunk.KindOf(group[0]), group, content, tokens);
            if (options.MinifyJson && count == 1 && group[0].Kind == SegmentKind.Json && Minify(content) is { } minified)
            {
                var minifiedTokens = tokenizer.Count(minified);
                if (minifiedTokens < tokens)
                {
                    chunk = chunk with { Minified = minified, MinifiedTokens = minifiedTokens };
                }
            }

            chunks.Add(chunk);
        }

        return chunks;
    }

    /// <summary>The same JSON without insignificant whitespace, or null when it does not parse.</summary>
    public static string? Minify(string json)
    {
        try
        {
            using var doc = JsonDocument.Parse(json);
            using var stream = new MemoryStream();
            using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = false, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
            {
                doc.WriteTo(writer);
            }

            return System.Text.Encoding.UTF8.GetString(stream.ToArray());
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
