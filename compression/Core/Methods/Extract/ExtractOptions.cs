using Compressor.Compression.Scoring;

namespace Compressor.Compression.Methods.Extract;

/// <summary>Knobs of sentence extraction.</summary>
public sealed record ExtractOptions
{
    public ImportanceWeights Weights { get; init; } = ImportanceWeights.Default;

    /// <summary>Added to the importance of a sentence carrying a required keyword (keep[] or question term).</summary>
    public double KeywordBoost { get; init; } = 0.25;

    /// <summary>Greedy key = importance / (tokens + this): smoothing so fragments do not win on size alone.</summary>
    public double LengthSmoothing { get; init; } = 8;
}
