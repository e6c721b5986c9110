using System.Buffers;

namespace Compressor.Constraints.Sampling;

/// <summary>
/// The rest of an AWRS step once the rejection cap is reached: the allowed set is computed once
/// (the oracle's bulk path), then the remaining draws are simulated exactly, with no more oracle calls.
/// Sampling without replacement proportionally to mass is an exponential race (token i arrives at
/// E_i / m_i), so given the allowed set A: the first allowed arrival is T ~ Exp(Z_A), the sample is
/// drawn proportionally to mass within A, and each disallowed token arrived earlier (was rejected)
/// independently with probability 1 - exp(-m_i T). Round 2 is a fresh race over what is left. The
/// (token, weight) pair therefore has exactly the distribution of uncapped AWRS, and the weight
/// stays an unbiased estimate of the allowed mass (substituting the exact mass only when the cap
/// triggers would bias it upward, since the cap triggers on the steps with many rejections).
/// The race is one vectorized pass over the masses (<see cref="ArrivalRace"/>), with the allowed
/// tokens' masses set to zero for its duration so that they never arrive.
/// </summary>
internal static class ExactContinuation
{
    [ThreadStatic]
    private static List<int>? allowedScratch;

    public static AwrsStep Finish(TokenMasses masses, ITokenOracle oracle, Random rng, int sample, double rejectedMass, int checks, int rejections)
    {
        var allowed = allowedScratch ??= [];
        allowed.Clear();
        checks += AllowedSlots(masses, oracle, allowed);
        var values = masses.Values;
        double allowedMass = 0;
        foreach (var slot in allowed)
        {
            allowedMass += values[slot];
        }

        if (!(allowedMass > 0))
        {
            return new AwrsStep(-1, double.NegativeInfinity, checks, rejections, true);
        }

        // Round 1 continued (when it has not produced the sample yet): the sample, and the
        // disallowed tokens that came before it. Round 2 continued: the disallowed tokens, not
        // rejected in round 1, that arrive before the first allowed one.
        double t1 = 0;
        if (sample < 0)
        {
            sample = PickAllowed(values, allowed, rng.NextDouble() * allowedMass);
            t1 = Arrival(rng, allowedMass);
        }

        var t2 = Arrival(rng, allowedMass);
        var saved = ArrayPool<float>.Shared.Rent(Math.Max(1, allowed.Count));
        try
        {
            for (var k = 0; k < allowed.Count; k++)
            {
                saved[k] = values[allowed[k]];
                values[allowed[k]] = 0;
            }

            var race = ArrivalRace.Run(values, masses.Count, t1, t2, rng);
            rejections += race.First + race.Second;

            // 1 - q: with round 1 continued here, the mass not rejected in round 1 is what was still
            // in play minus the new arrivals, i.e. the allowed mass plus the disallowed mass that did
            // not arrive (summed directly: no cancellation when q is close to 1).
            var notRejected = t1 > 0
                ? (allowedMass + race.StayedMass) / masses.Total
                : 1 - (rejectedMass / masses.Total);
            var logWeight = AdaptiveWeightedRejectionSampler.LogWeightOf(masses.Zp, notRejected, rejections);
            return new AwrsStep(masses.Token(sample), logWeight, checks, rejections, true);
        }
        finally
        {
            for (var k = 0; k < allowed.Count; k++)
            {
                values[allowed[k]] = saved[k];
            }

            ArrayPool<float>.Shared.Return(saved);
        }
    }

    /// <summary>The allowed slots still in play (mass above zero); returns the checks made.</summary>
    private static int AllowedSlots(TokenMasses masses, ITokenOracle oracle, List<int> allowed)
    {
        var values = masses.Values;
        int checks;
        if (masses.IsIdentity)
        {
            checks = oracle.AllowedTokens(masses.Count, allowed);
        }
        else
        {
            // A nucleus: check its live tokens (few) and keep the allowed slots.
            var live = new List<int>();
            var tokens = new List<int>();
            for (var slot = 0; slot < masses.Count; slot++)
            {
                if (values[slot] > 0)
                {
                    live.Add(slot);
                    tokens.Add(masses.Token(slot));
                }
            }

            var answers = new bool[tokens.Count];
            checks = oracle.CheckMany(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(tokens), answers);
            for (var k = 0; k < answers.Length; k++)
            {
                if (answers[k])
                {
                    allowed.Add(live[k]);
                }
            }
        }

        var kept = 0;
        for (var k = 0; k < allowed.Count; k++)
        {
            if (values[allowed[k]] > 0)
            {
                allowed[kept++] = allowed[k];
            }
        }

        allowed.RemoveRange(kept, allowed.Count - kept);
        return checks;
    }

    private static int PickAllowed(float[] values, List<int> allowed, double u)
    {
        foreach (var slot in allowed)
        {
            u -= values[slot];
            if (u < 0)
            {
                return slot;
            }
        }

        return allowed[^1];
    }

    /// <summary>The first arrival among tokens of total mass <paramref name="mass"/>: Exp(mass).</summary>
    private static double Arrival(Random rng, double mass) => -Math.Log(1 - rng.NextDouble()) / mass;
}
