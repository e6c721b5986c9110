using Compressor.Compression.Budget;
using Compressor.Compression.Chunking;
using Compressor.Compression.Scoring;

namespace Compressor.Compression.Methods.Summarize;

/// <summary>Knobs of chunk-and-summarize (SCOPE).</summary>
public sealed record SummarizeOptions
{
    public ChunkingOptions Chunking { get; init; } = new();

    public ImportanceWeights Weights { get; init; } = ImportanceWeights.Default;

    public BudgetOptions Budget { get; init; } = BudgetOptions.Default;

    /// <summary>When the input exceeds the budget, the output aims for at least this share of it.</summary>
    public double MinFill { get; init; } = 0.85;

    /// <summary>Detected keywords asked of a rewrite: at most one per this many target tokens (at least two).</summary>
    public int TokensPerKeyword { get; init; } = 6;

    /// <summary>Output cap of a rewrite call, as a multiple of the chunk's target.</summary>
    public double MaxOutputFactor { get; init; } = 1.5;

    /// <summary>
    /// A rewrite whose content words are less than this share found in its source chunk is rejected
    /// and replaced by the chunk's best sentences (<see cref="RewriteGuard"/>); 0 accepts every rewrite.
    /// </summary>
    public double MinFaithfulness { get; init; } = 0.5;

    /// <summary>Rewrites run in windows of consecutive chunks holding at most this many input tokens (progress is reported per window).</summary>
    public int WindowTokens { get; init; } = 8192;
}
