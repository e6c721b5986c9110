using Compressor.Compression.Chunking;
using Microsoft.Extensions.AI;

namespace Compressor.Compression.Scoring;

/// <summary>Embedding cosine of each text to the question, for the semantic feature of importance.</summary>
public static class QuestionSimilarity
{
    /// <summary>Null when there is no question or no generator, so the feature drops out.</summary>
    public static async Task<double[]?> ComputeAsync(IEmbeddingGenerator<string, Embedding<float>>? generator, string? question, IReadOnlyList<string> texts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(texts);
        if (generator is null || string.IsNullOrWhiteSpace(question) || texts.Count == 0)
        {
            return null;
        }

        var inputs = new List<string>(texts.Count + 1) { question };
        inputs.AddRange(texts);
        var embeddings = await generator.GenerateAsync(inputs, cancellationToken: cancellationToken).ConfigureAwait(false);
        var q = embeddings[0].Vector.Span;
        var result = new double[texts.Count];
        for (var i = 0; i < texts.Count; i++)
        {
            result[i] = SimilarityMeasure.Cosine(q, embeddings[i + 1].Vector.Span);
        }

        return result;
    }
}
