using Compressor.Compression.Methods.Extract;
using Compressor.Compression.Pipeline;
using Compressor.Compression.Scoring;

namespace Compressor.Evaluation.Baselines;

/// <summary>
/// <c>extract</c> with non-default <see cref="ExtractOptions"/>, for ablations in the same run
/// (which of importance's features, the keyword boost and the length smoothing help retention).
/// </summary>
internal sealed class ExtractVariant(string name, ExtractOptions options) : IPromptCompressor
{
    private readonly ExtractCompressor inner = new();

    public string Method => name;

    public bool RequiresModel => false;

    /// <summary>The ablations the harness knows: --methods extract-rel, extract-nokb, extract-bytotal.</summary>
    public static IReadOnlyList<ExtractVariant> All { get; } =
    [
        // Relevance only: no density or position prior, no keyword boost (closest to plain BM25 with extract's packing).
        new("extract-rel", new ExtractOptions { Weights = new ImportanceWeights { Density = 0, Position = 0 }, KeywordBoost = 0 }),
        new("extract-nokb", new ExtractOptions { KeywordBoost = 0 }),
        // Importance alone, not importance per token: a huge smoothing makes the greedy key proportional to importance.
        new("extract-bytotal", new ExtractOptions { LengthSmoothing = 1e6 }),
    ];

    public Task<CompressionResult> CompressAsync(CompressionRequest request, CompressionEnvironment environment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return inner.CompressAsync(request with { Method = "extract", Options = options }, environment, cancellationToken);
    }
}
