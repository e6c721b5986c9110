using Compressor.Constraints.Sampling;

namespace Compressor.Engine.Generation;

/// <summary>
/// Unconstrained next-token sampling: greedy, or temperature with optional top-p, reproducible for a
/// seed (one vectorized pass over the vocabulary, then an inverse-CDF draw: <see cref="SoftmaxSampling"/>).
/// </summary>
public sealed class TokenSampler(SamplingSettings settings)
{
    private readonly Random random = new(settings.Seed);

    public SamplingSettings Settings { get; } = settings;

    public int Sample(ReadOnlySpan<float> logits)
    {
        if (Settings.IsGreedy)
        {
            return ArgMax(logits);
        }

        var token = SoftmaxSampling.Sample(logits, Settings.Temperature, Settings.TopP, random);
        return token >= 0 ? token : ArgMax(logits);
    }

    public static int ArgMax(ReadOnlySpan<float> logits)
    {
        var best = 0;
        for (var i = 1; i < logits.Length; i++)
        {
            if (logits[i] > logits[best])
            {
                best = i;
            }
        }

        return best;
    }
}
