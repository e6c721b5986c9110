using System.Numerics;
using System.Runtime.InteropServices;
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

    /// <summary>
    /// The first index of the largest logit (0 when the first is NaN, as a plain scan would give).
    /// Two vector passes: the maximum (NaN ignored), then its first position.
    /// </summary>
    public static int ArgMax(ReadOnlySpan<float> logits)
    {
        var lanes = Vector<float>.Count;
        if (logits.Length < 4 * lanes || float.IsNaN(logits[0]))
        {
            return ScanArgMax(logits);
        }

        var vectors = MemoryMarshal.Cast<float, Vector<float>>(logits);
        var floor = new Vector<float>(float.NegativeInfinity);
        var top = floor;
        foreach (var v in vectors)
        {
            top = Vector.Max(top, Vector.ConditionalSelect(Vector.Equals(v, v), v, floor));
        }

        var max = float.NegativeInfinity;
        for (var i = 0; i < lanes; i++)
        {
            max = Math.Max(max, top[i]);
        }

        for (var i = vectors.Length * lanes; i < logits.Length; i++)
        {
            max = logits[i] > max ? logits[i] : max;
        }

        if (float.IsNegativeInfinity(max))
        {
            return ScanArgMax(logits);
        }

        var at = logits.IndexOf(max);
        return at >= 0 ? at : ScanArgMax(logits);
    }

    private static int ScanArgMax(ReadOnlySpan<float> logits)
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
