using Compressor.Compression.Scoring;

namespace Compressor.Compression.Methods.Extract;

/// <summary>Knobs of sentence extraction.</summary>
public sealed record ExtractOptions
{
    public ImportanceWeights Weights { get; init; } = ImportanceWeights.Default;

    /// <summary>How relevance to the question is computed (feedback terms, paragraph context).</summary>
    public RelevanceOptions Relevance { get; init; } = RelevanceOptions.Default;

    /// <summary>Added to the importance of a sentence carrying a required keyword (keep[] or question term).</summary>
    public double KeywordBoost { get; init; } = 0.25;

    /// <summary>Greedy key = importance / (tokens + this): smoothing so fragments do not win on size alone.</summary>
    public double LengthSmoothing { get; init; } = 16;

    /// <summary>Greedy key = importance / (tokens + smoothing)^this (see <see cref="SentenceSelector"/>).</summary>
    public double LengthExponent { get; init; } = 0.5;

    /// <summary>At most this share of the budget is spent first on one carrier per required keyword.</summary>
    public double CoverageShare { get; init; } = 1;

    /// <summary>The selection knobs, with a separator of <paramref name="separatorCost"/> tokens between units.</summary>
    public SelectionSettings Selection(int separatorCost) => new(separatorCost, LengthSmoothing, LengthExponent, CoverageShare);
}
