using Compressor.Compression.Pipeline;
using Compressor.Compression.Scoring;

namespace Compressor.Evaluation.Baselines;

/// <summary>
/// Baseline: sentences ranked by Okapi BM25 against the question (our <see cref="Bm25"/> over
/// stemmed content words), best first while they fit, emitted in input order; ties keep input order.
/// Without a question the query is the whole text's content words (a centroid ranking).
/// </summary>
internal sealed class Bm25SentenceCompressor : IPromptCompressor
{
    public string Method => "bm25";

    public bool RequiresModel => false;

    public Task<CompressionResult> CompressAsync(CompressionRequest request, CompressionEnvironment environment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Task.FromResult(SentencePacker.Pack(request, environment, segments =>
        {
            var documents = segments.Select(s => (IReadOnlyList<string>)Terms.Content(s.Text)).ToArray();
            var query = Terms.Content(string.IsNullOrWhiteSpace(request.Question) ? request.Text! : request.Question);
            var scores = new Bm25(documents).Score(query);
            return [.. Enumerable.Range(0, segments.Count).OrderByDescending(i => scores[i]).ThenBy(i => i)];
        }));
    }
}
