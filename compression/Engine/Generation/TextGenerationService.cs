using Compressor.Engine.Models;
using Compressor.Engine.Scheduling;

namespace Compressor.Engine.Generation;

/// <summary>
/// Generation as the rest of the service sees it: pick the model, rent a context (queued and
/// bounded), run the decode loop off the request thread, and give the context back.
/// </summary>
public sealed class TextGenerationService(ModelRegistry registry)
{
    /// <summary>Generates from a raw prompt or chat messages (exactly one is non-null).</summary>
    public async Task<GenerationOutcome> GenerateAsync(string? modelId, string? prompt, IReadOnlyList<(string Role, string Content)>? messages,
        GenerationRequest template, Action<string>? onText, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(template);
        using var handle = await registry.AcquireAsync(modelId, cancellationToken).ConfigureAwait(false);
        var model = handle.Loaded.Model;
        var tokens = messages is not null
            ? PromptFormatter.Tokenize(model, PromptFormatter.Format(model, messages), templated: true)
            : PromptFormatter.Tokenize(model, prompt ?? "", templated: false);
        var request = template with { PromptTokens = tokens };
        using var lease = await handle.RentAsync(ContextProfile.Generation, cancellationToken).ConfigureAwait(false);
        var result = await Task.Run(
            () => BatchGenerator.Run(lease.Context, [request], onText is null ? null : (_, delta) => onText(delta), cancellationToken),
            cancellationToken).ConfigureAwait(false);
        return new GenerationOutcome(handle.Loaded.Id, handle.Loaded.Fingerprint, result[0], lease.Waited.TotalMilliseconds);
    }

    /// <summary>
    /// Generates many prompts as parallel sequences: groups of up to the context's sequence count
    /// share one context each, and groups run concurrently on the pool.
    /// </summary>
    public async Task<IReadOnlyList<GenerationOutcome>> GenerateManyAsync(string? modelId, IReadOnlyList<IReadOnlyList<(string Role, string Content)>> conversations,
        IReadOnlyList<GenerationRequest> templates, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(conversations);
        ArgumentNullException.ThrowIfNull(templates);
        using var handle = await registry.AcquireAsync(modelId, cancellationToken).ConfigureAwait(false);
        var model = handle.Loaded.Model;
        var requests = conversations.Select((c, i) => templates[i] with
        {
            PromptTokens = PromptFormatter.Tokenize(model, PromptFormatter.Format(model, c), templated: true),
        }).ToList();

        var perContext = Math.Max(1, handle.Loaded.Pool.SequencesPerContext);
        var groups = requests.Chunk(perContext).ToList();
        var outcomes = await Task.WhenAll(groups.Select(async group =>
        {
            using var lease = await handle.RentAsync(ContextProfile.Generation, cancellationToken).ConfigureAwait(false);
            var results = await Task.Run(() => BatchGenerator.Run(lease.Context, group, null, cancellationToken), cancellationToken).ConfigureAwait(false);
            return results.Select(r => new GenerationOutcome(handle.Loaded.Id, handle.Loaded.Fingerprint, r, lease.Waited.TotalMilliseconds));
        })).ConfigureAwait(false);
        return [.. outcomes.SelectMany(o => o)];
    }
}
