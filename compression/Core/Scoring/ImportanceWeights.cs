namespace Compressor.Compression.Scoring;

/// <summary>
/// Weights of the importance features. Importance = sum(w_f * f) / sum(w_f) over the features that
/// exist for the request (relevance needs a question, semantic needs a question and embeddings), so
/// it stays in [0, 1] whichever are present. Every feature is itself in [0, 1].
/// </summary>
public sealed record ImportanceWeights
{
    /// <summary>BM25 of the text against the question, divided by the best score among the texts.</summary>
    public double Relevance { get; init; } = 0.45;

    /// <summary>Embedding cosine to the question, min-max scaled among the texts.</summary>
    public double Semantic { get; init; } = 0.25;

    /// <summary>Information density: content words, numbers and names per word.</summary>
    public double Density { get; init; } = 0.2;

    /// <summary>A slight primacy/recency prior (lost-in-the-middle: ends of a context carry more).</summary>
    public double Position { get; init; } = 0.1;

    public static ImportanceWeights Default { get; } = new();
}
