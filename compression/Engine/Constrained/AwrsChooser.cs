using Compressor.Constraints.Sampling;
using Compressor.Native;

namespace Compressor.Engine.Constrained;

/// <summary>
/// AWRS over llama.cpp's grammar: checks only the drawn tokens (arXiv 2504.05410). With top-p, a step
/// whose nucleus holds no allowed token falls back to the whole distribution rather than dying.
/// </summary>
public sealed class AwrsChooser : ConstrainedChooser
{
    private readonly SamplerSettings settings;
    private readonly Random random;

    public AwrsChooser(GrammarSampler grammar, LlamaVocab vocab, ConstrainedSampling sampling, int seed, AllowedSetCache? cache = null)
        : base(grammar, vocab, sampling, cache)
    {
        settings = new SamplerSettings(sampling.Temperature, sampling.TopP, sampling.MaxRejections);
        random = new Random(seed);
    }

    protected override void BeginStep() => Oracle.BeginStep();

    protected override int Pick(ReadOnlySpan<float> logits, out double logWeight)
    {
        var step = AdaptiveWeightedRejectionSampler.Sample(logits, Oracle, settings, random);
        if (step.Token < 0 && settings.TopP < 1)
        {
            // Nothing allowed inside the nucleus is not a dead end of the grammar: this step samples
            // from the whole distribution instead (its weight is then that of the untruncated step).
            Rejections += step.Rejections;
            step = AdaptiveWeightedRejectionSampler.Sample(logits, Oracle, settings with { TopP = 1 }, random);
        }

        // Checks are the grammar's real evaluations: answers from the state cache or from a root's
        // verdict cost none, a batched call costs one per token in it.
        Checks = Oracle.GrammarEvaluations;
        Rejections += step.Rejections;
        MaskFallbacks += step.MaskFallback ? 1 : 0;
        logWeight = step.LogWeight;
        return step.Token;
    }
}
