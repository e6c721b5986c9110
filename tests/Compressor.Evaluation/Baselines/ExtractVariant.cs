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

    /// <summary>The ablations the harness knows (--methods extract-rel,extract-plain,...): see <see cref="All"/>.</summary>
    public static IReadOnlyList<ExtractVariant> All { get; } =
    [
        // Relevance only: no density or position prior, no keyword boost (closest to plain BM25 with extract's packing).
        new("extract-rel", new ExtractOptions { Weights = new ImportanceWeights { Density = 0, Position = 0 }, KeywordBoost = 0 }),
        new("extract-nokb", new ExtractOptions { KeywordBoost = 0 }),
        // Relevance as plain BM25: no feedback terms, no paragraph context, no lead lift.
        new("extract-plain", new ExtractOptions { Relevance = RelevanceOptions.Plain }),
        new("extract-nofb", new ExtractOptions { Relevance = RelevanceOptions.Default with { Feedback = 0 } }),
        new("extract-nopara", new ExtractOptions { Relevance = RelevanceOptions.Default with { Paragraph = 0, Lead = 0 } }),
        // Value per token (exponent 1, the previous default) and value alone (exponent 0).
        new("extract-pertoken", new ExtractOptions { LengthExponent = 1, LengthSmoothing = 8 }),
        new("extract-bytotal", new ExtractOptions { LengthExponent = 0 }),
        // No keyword coverage pass.
        new("extract-nocover", new ExtractOptions { CoverageShare = 0 }),
        // The selection before the median floor and the tuned knobs (for the record).
        new("extract-v0", new ExtractOptions { Relevance = RelevanceOptions.Plain, LengthExponent = 1, LengthSmoothing = 8, CoverageShare = 1 }),
    ];

    public Task<CompressionResult> CompressAsync(CompressionRequest request, CompressionEnvironment environment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return inner.CompressAsync(request with { Method = "extract", Options = options }, environment, cancellationToken);
    }
}
