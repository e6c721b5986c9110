namespace Compressor.Compression.Scoring;

/// <summary>
/// Importance of a list of texts (sentences or chunks) in reading order:
/// importance_i = (wR * relevance_i (<see cref="QuestionRelevance"/>) + wS * minmax(cos_i) + wD * density_i + wP * position_i)
///               / (wR + wS + wD + wP), leaving out relevance without a question and semantic
/// without question embeddings. Always in [0, 1]. Pure.
/// </summary>
public static class ImportanceScorer
{
    /// <param name="texts">The texts, in reading order.</param>
    /// <param name="question">The question, if any.</param>
    /// <param name="questionSimilarity">Embedding cosine of each text to the question, if computed.</param>
    /// <param name="weights">Feature weights (null: defaults).</param>
    /// <param name="paragraphs">Paragraph index of each text, for the relevance's paragraph context (null: none).</param>
    /// <param name="relevance">How relevance is computed (null: <see cref="RelevanceOptions.Default"/>).</param>
    public static double[] Score(IReadOnlyList<string> texts, string? question, IReadOnlyList<double>? questionSimilarity, ImportanceWeights? weights = null,
        IReadOnlyList<int>? paragraphs = null, RelevanceOptions? relevance = null)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var w = weights ?? ImportanceWeights.Default;
        var n = texts.Count;
        var sum = new double[n];
        var totalWeight = 0.0;

        if (!string.IsNullOrWhiteSpace(question) && w.Relevance > 0)
        {
            Add(sum, QuestionRelevance.Score(texts, question, paragraphs, relevance), w.Relevance);
            totalWeight += w.Relevance;
        }

        if (questionSimilarity is not null && questionSimilarity.Count == n && w.Semantic > 0)
        {
            Add(sum, Features.MinMax(questionSimilarity), w.Semantic);
            totalWeight += w.Semantic;
        }

        if (w.Density > 0)
        {
            Add(sum, texts.Select(Features.Density).ToArray(), w.Density);
            totalWeight += w.Density;
        }

        if (w.Position > 0)
        {
            Add(sum, Enumerable.Range(0, n).Select(i => Features.Position(i, n)).ToArray(), w.Position);
            totalWeight += w.Position;
        }

        return totalWeight > 0 ? sum.Select(s => Math.Clamp(s / totalWeight, 0, 1)).ToArray() : new double[n];
    }

    private static void Add(double[] sum, double[] feature, double weight)
    {
        for (var i = 0; i < sum.Length; i++)
        {
            sum[i] += weight * feature[i];
        }
    }
}
