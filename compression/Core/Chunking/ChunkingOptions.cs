namespace Compressor.Compression.Chunking;

/// <summary>
/// Where semantic chunks are cut (SCOPE, arXiv 2508.15813, optimization 1) and how outliers are fixed
/// (optimization 2). Sizes are in tokens of the request's tokenizer.
/// </summary>
public sealed record ChunkingOptions
{
    /// <summary>
    /// Chunks smaller than this are merged into their most similar neighbour. Each rewrite repeats the
    /// instruction and chat template (~50 tokens), so small chunks make summarize prefill far more than
    /// its input; 160 keeps that overhead near a quarter of the input.
    /// </summary>
    public int MinTokens { get; init; } = 160;

    /// <summary>Chunks larger than this are split at their weakest internal boundary.</summary>
    public int MaxTokens { get; init; } = 512;

    /// <summary>Adjacent sentences less similar than this always start a new chunk.</summary>
    public double Threshold { get; init; } = 0.05;

    /// <summary>Boundaries whose similarity is at or below this percentile of the text's own similarities are cut too.</summary>
    public double Percentile { get; init; } = 0.2;

    /// <summary>Replace a JSON block by its minified form when that saves tokens.</summary>
    public bool MinifyJson { get; init; } = true;
}
