using System.Buffers;

namespace Compressor.Constraints.Sampling;

/// <summary>
/// The rest of an AWRS step once the rejection cap is reached: one bulk check of the remaining
/// candidates, then the remaining draws are simulated exactly, with no more oracle calls.
/// Sampling without replacement proportionally to mass is an exponential race (token i arrives at
/// E_i / m_i), so given the allowed set A: the first allowed arrival is T ~ Exp(Z_A), the sample is
/// drawn proportionally to mass within A, and each disallowed token arrived earlier (was rejected)
/// independently with probability 1 - exp(-m_i T). Round 2 is a fresh race over what is left. The
/// (token, weight) pair therefore has exactly the distribution of uncapped AWRS, and the weight
/// stays an unbiased estimate of the allowed mass (substituting the exact mass only when the cap
/// triggers would bias it upward, since the cap triggers on the steps with many rejections).
/// Cost O(V) with one uniform per remaining disallowed token per round: the same order as a mask.
/// </summary>
internal static class ExactContinuation
{
    public static AwrsStep Finish(TokenMasses masses, ITokenOracle oracle, Random rng, int sample, double rejectedMass, int checks, int rejections)
    {
        var live = ArrayPool<int>.Shared.Rent(Math.Max(1, masses.Count));
        var tokens = ArrayPool<int>.Shared.Rent(Math.Max(1, masses.Count));
        var allowed = ArrayPool<bool>.Shared.Rent(Math.Max(1, masses.Count));
        try
        {
            var n = 0;
            for (var slot = 0; slot < masses.Count; slot++)
            {
                if (masses.Value(slot) > 0)
                {
                    live[n] = slot;
                    tokens[n] = masses.Token(slot);
                    n++;
                }
            }

            oracle.CheckMany(tokens.AsSpan(0, n), allowed.AsSpan(0, n));
            checks += n;
            double allowedMass = 0;
            for (var k = 0; k < n; k++)
            {
                if (allowed[k])
                {
                    allowedMass += masses.Value(live[k]);
                }
            }

            if (!(allowedMass > 0))
            {
                return new AwrsStep(-1, double.NegativeInfinity, checks, rejections, true);
            }

            if (sample < 0)
            {
                // Round 1 continued: the sample, and the disallowed tokens that came before it.
                sample = PickAllowed(masses, live, allowed, n, rng.NextDouble() * allowedMass);
                var t = Arrival(rng, allowedMass);
                for (var k = 0; k < n; k++)
                {
                    if (!allowed[k] && Arrived(masses.Value(live[k]), t, rng))
                    {
                        rejections++;
                        rejectedMass += masses.Value(live[k]);
                        masses.Remove(live[k]);
                    }
                }
            }

            // Round 2 continued: count the disallowed tokens that arrive before the first allowed one.
            var t2 = Arrival(rng, allowedMass);
            for (var k = 0; k < n; k++)
            {
                if (!allowed[k] && masses.Value(live[k]) > 0 && Arrived(masses.Value(live[k]), t2, rng))
                {
                    rejections++;
                }
            }

            var logWeight = AdaptiveWeightedRejectionSampler.LogWeight(masses.Zp, rejectedMass / masses.Total, rejections);
            return new AwrsStep(masses.Token(sample), logWeight, checks, rejections, true);
        }
        finally
        {
            ArrayPool<int>.Shared.Return(live);
            ArrayPool<int>.Shared.Return(tokens);
            ArrayPool<bool>.Shared.Return(allowed);
        }
    }

    private static int PickAllowed(TokenMasses masses, int[] live, bool[] allowed, int n, double u)
    {
        var last = -1;
        for (var k = 0; k < n; k++)
        {
            if (allowed[k])
            {
                last = live[k];
                u -= masses.Value(live[k]);
                if (u < 0)
                {
                    return live[k];
                }
            }
        }

        return last;
    }

    /// <summary>The first arrival among tokens of total mass <paramref name="mass"/>: Exp(mass).</summary>
    private static double Arrival(Random rng, double mass) => -Math.Log(1 - rng.NextDouble()) / mass;

    /// <summary>Whether a token of mass m arrived before time t: probability 1 - exp(-m t).</summary>
    private static bool Arrived(double m, double t, Random rng)
    {
        var x = m * t;
        var p = x < 1e-8 ? x : 1 - Math.Exp(-x);
        return rng.NextDouble() < p;
    }
}
