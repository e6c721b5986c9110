using Compressor.Compression.Pipeline;

namespace Compressor.Evaluation.Baselines;

/// <summary>Baseline: sentences in a seeded random order while they fit, emitted in input order.</summary>
internal sealed class RandomSentenceCompressor : IPromptCompressor
{
    public string Method => "random";

    public bool RequiresModel => false;

    public Task<CompressionResult> CompressAsync(CompressionRequest request, CompressionEnvironment environment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Task.FromResult(SentencePacker.Pack(request, environment, segments =>
        {
            var order = Enumerable.Range(0, segments.Count).ToArray();
            new Random(request.Seed).Shuffle(order);
            return order;
        }));
    }
}
