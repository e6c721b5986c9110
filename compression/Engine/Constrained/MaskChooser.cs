using Compressor.Engine.Generation;
using Compressor.Native;

namespace Compressor.Engine.Constrained;

/// <summary>
/// The masking baseline: llama.cpp's grammar over the whole vocabulary, then ordinary sampling
/// (temperature, top-p, seed) among the allowed tokens. Its weight is the exact allowed mass
/// (log-sum-exp of allowed logits minus that of all logits, at the temperature; 0 when greedy).
/// </summary>
public sealed class MaskChooser : ConstrainedChooser
{
    private readonly TokenSampler sampler;
    private float[] scratch = [];

    public MaskChooser(GrammarSampler grammar, LlamaVocab vocab, ConstrainedSampling sampling, int seed)
        : base(grammar, vocab, sampling, null)
    {
        sampler = new TokenSampler(new SamplingSettings(sampling.Temperature, sampling.TopP, seed));
    }

    protected override int Pick(ReadOnlySpan<float> logits, out double logWeight)
    {
        if (scratch.Length != logits.Length)
        {
            scratch = new float[logits.Length];
        }

        logits.CopyTo(scratch);
        var allowed = Oracle.Mask(scratch);
        Checks += logits.Length;
        if (allowed == 0)
        {
            logWeight = double.NegativeInfinity;
            return -1;
        }

        logWeight = Sampling.Temperature <= 0 ? 0 : LogMass(scratch, Sampling.Temperature) - LogMass(logits, Sampling.Temperature);
        return sampler.Sample(scratch);
    }

    private static double LogMass(ReadOnlySpan<float> logits, float temperature)
    {
        var max = float.NegativeInfinity;
        foreach (var l in logits)
        {
            max = Math.Max(max, l);
        }

        if (float.IsNegativeInfinity(max))
        {
            return double.NegativeInfinity;
        }

        double sum = 0;
        var inverse = 1.0 / temperature;
        foreach (var l in logits)
        {
            sum += Math.Exp((l - max) * inverse);
        }

        return (max * inverse) + Math.Log(sum);
    }
}
