using Compressor.Compression.Pipeline;
using Compressor.Engine.Eviction;
using Microsoft.Extensions.AI;

namespace Compressor.Evaluation.Engine;

/// <summary>
/// Method <c>attention:POLICY</c> of the harness: the service's <see cref="AttentionCompressor"/> with
/// <see cref="AttentionOptions"/>(POLICY) and the attention model as the request's model (the API passes
/// it as <see cref="CompressionEnvironment.Summarizer"/>, a <c>LlamaChatClient</c> naming the model).
/// The budget stays counted with the harness's tokenizer (the environment's), as for every other method;
/// the question of the item is the observation window (snapkv).
/// </summary>
internal sealed class AttentionVariant(AttentionCompressor inner, string policy, IChatClient model) : IPromptCompressor
{
    public string Method => "attention:" + policy;

    public bool RequiresModel => true;

    public string Policy => policy;

    public Task<CompressionResult> CompressAsync(CompressionRequest request, CompressionEnvironment environment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(environment);
        return inner.CompressAsync(
            request with { Method = "attention", Options = new AttentionOptions(policy) },
            environment with { Summarizer = model },
            cancellationToken);
    }
}
