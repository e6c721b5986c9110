using Compressor.Constraints;
using Compressor.Engine.Errors;
using Compressor.Engine.Generation;
using Compressor.Engine.Models;
using Compressor.Engine.Scheduling;
using Compressor.Native;

namespace Compressor.Engine.Constrained;

/// <summary>
/// Constrained generation as the service sees it: pick the model, build llama.cpp's grammar from
/// the compiled constraint (a parse failure is a 400 before any context is rented), rent a
/// context, decode with AWRS or masking (SMC when several particles), and validate the output.
/// </summary>
public sealed class ConstrainedGenerationService(ModelRegistry registry)
{
    /// <summary>Generates from a raw prompt or chat messages (exactly one is non-null); <paramref name="template"/>'s prompt tokens are replaced.</summary>
    public async Task<ConstrainedOutcome> GenerateAsync(string? modelId, string? prompt, IReadOnlyList<(string Role, string Content)>? messages,
        ConstrainedRequest template, Action<string>? onText, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(template);
        using var handle = await registry.AcquireAsync(modelId, cancellationToken).ConfigureAwait(false);
        var model = handle.Loaded.Model;
        var tokens = messages is not null
            ? PromptFormatter.Tokenize(model, PromptFormatter.Format(model, messages), templated: true)
            : PromptFormatter.Tokenize(model, prompt ?? "", templated: false);
        var request = template with { PromptTokens = tokens };
        using var grammar = await Task.Run(() => CreateGrammar(model.Vocab, request.Constraint), cancellationToken).ConfigureAwait(false);
        using var lease = await handle.RentAsync(ContextProfile.Generation, cancellationToken).ConfigureAwait(false);
        if (request.Sampling.Particles > lease.Context.SequenceCount)
        {
            throw Compressor.Compression.Errors.CompressorException.BadRequest("particles_out_of_range",
                $"sampler.particles must be at most {lease.Context.SequenceCount} (the sequences of a context)", "sampler.particles");
        }

        var result = await Task.Run(() => ConstrainedGenerator.Run(lease.Context, request, grammar, onText, cancellationToken), cancellationToken)
            .ConfigureAwait(false);
        return new ConstrainedOutcome(handle.Loaded.Id, handle.Loaded.Fingerprint, result, lease.Waited.TotalMilliseconds);
    }

    /// <summary>llama.cpp's grammar for a compiled constraint; its parse failures become 400 grammar_invalid.</summary>
    public static GrammarSampler CreateGrammar(LlamaVocab vocab, CompiledConstraint constraint)
    {
        ArgumentNullException.ThrowIfNull(constraint);
        try
        {
            return GrammarSampler.Create(vocab, constraint.Gbnf);
        }
        catch (LlamaException e)
        {
            throw EngineErrors.FromNative(e, "constraint.value");
        }
    }
}
