using System.Buffers;
using System.Runtime.Intrinsics;

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
/// The two rounds' Bernoulli draws for every remaining token are one vectorized pass: a 24-bit
/// uniform per token and round (xoshiro128** in eight lanes) against the bound m_i T, which every
/// arrival satisfies since 1 - exp(-x) &lt;= x; only the tokens under the bound (about as many as
/// arrive) are decided exactly, refining the uniform's low bits where the 24 are not enough.
/// </summary>
internal static class ExactContinuation
{
    private const double Two24 = 16_777_216.0;
    private const double InverseTwo24 = 1.0 / Two24;

    public static AwrsStep Finish(TokenMasses masses, ITokenOracle oracle, Random rng, int sample, double rejectedMass, int checks, int rejections)
    {
        var count = Math.Max(1, masses.Count);
        var live = ArrayPool<int>.Shared.Rent(count);
        var tokens = ArrayPool<int>.Shared.Rent(count);
        var values = ArrayPool<float>.Shared.Rent(count + Vector256<float>.Count);
        var allowed = ArrayPool<bool>.Shared.Rent(count);
        var picks = ArrayPool<int>.Shared.Rent(count);
        try
        {
            var n = 0;
            for (var slot = 0; slot < masses.Count; slot++)
            {
                var v = masses.Value(slot);
                if (v > 0)
                {
                    live[n] = slot;
                    tokens[n] = masses.Token(slot);
                    values[n] = v;
                    n++;
                }
            }

            checks += oracle.CheckMany(tokens.AsSpan(0, n), allowed.AsSpan(0, n));
            double allowedMass = 0;
            var allowedCount = 0;
            for (var k = 0; k < n; k++)
            {
                if (allowed[k])
                {
                    allowedMass += values[k];
                    picks[allowedCount++] = k;
                }
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
                sample = live[PickAllowed(values, picks.AsSpan(0, allowedCount), rng.NextDouble() * allowedMass)];
                t1 = Arrival(rng, allowedMass);
            }

            var t2 = Arrival(rng, allowedMass);
            var (first, firstMass, second) = Arrivals(values, allowed, n, t1, t2, rng);
            rejections += first + second;
            rejectedMass += firstMass;
            var logWeight = AdaptiveWeightedRejectionSampler.LogWeight(masses.Zp, rejectedMass / masses.Total, rejections);
            return new AwrsStep(masses.Token(sample), logWeight, checks, rejections, true);
        }
        finally
        {
            ArrayPool<int>.Shared.Return(live);
            ArrayPool<int>.Shared.Return(tokens);
            ArrayPool<float>.Shared.Return(values);
            ArrayPool<bool>.Shared.Return(allowed);
            ArrayPool<int>.Shared.Return(picks);
        }
    }

    private static int PickAllowed(float[] values, ReadOnlySpan<int> allowedIndices, double u)
    {
        foreach (var k in allowedIndices)
        {
            u -= values[k];
            if (u < 0)
            {
                return k;
            }
        }

        return allowedIndices[^1];
    }

    /// <summary>The first arrival among tokens of total mass <paramref name="mass"/>: Exp(mass).</summary>
    private static double Arrival(Random rng, double mass) => -Math.Log(1 - rng.NextDouble()) / mass;

    /// <summary>
    /// For every disallowed token k &lt; n: rejected in round 1 with probability 1 - exp(-m t1); if not,
    /// rejected in round 2 with probability 1 - exp(-m t2), all independent. Returns the round-1 count
    /// and mass and the round-2 count. (t1 = 0: round 1 is already over.)
    /// </summary>
    internal static (int First, double FirstMass, int Second) Arrivals(float[] values, bool[] allowed, int n, double t1, double t2, Random rng)
    {
        var first = 0;
        var second = 0;
        double firstMass = 0;

        // A token can arrive in a round only if its 24-bit uniform u24 satisfies u24 <= m t 2^24 (as
        // u < 1 - exp(-m t) <= m t); the float bound is widened so rounding never drops one.
        var scale1 = (float)Math.Min(float.MaxValue, t1 * Two24 * (1 + 1e-5));
        var scale2 = (float)Math.Min(float.MaxValue, t2 * Two24 * (1 + 1e-5));
        var lanes = Vector256<float>.Count;
        var padded = (n + lanes - 1) / lanes * lanes;
        for (var k = n; k < padded; k++)
        {
            values[k] = 0; // padding never arrives
        }

        var random = new Lanes(rng);
        Span<uint> u1 = stackalloc uint[Vector256<uint>.Count];
        Span<uint> u2 = stackalloc uint[Vector256<uint>.Count];
        var v1 = Vector256.Create(scale1);
        var v2 = Vector256.Create(scale2);
        for (var k = 0; k < padded; k += lanes)
        {
            var m = Vector256.Create(values.AsSpan(k, lanes));
            var r1 = random.Next() >> 8;
            var r2 = random.Next() >> 8;
            var hit = Vector256.LessThanOrEqual(Vector256.ConvertToSingle(r1.AsInt32()), m * v1)
                      | Vector256.LessThanOrEqual(Vector256.ConvertToSingle(r2.AsInt32()), m * v2);
            var bits = hit.ExtractMostSignificantBits();
            if (bits == 0)
            {
                continue;
            }

            r1.CopyTo(u1);
            r2.CopyTo(u2);
            while (bits != 0)
            {
                var j = System.Numerics.BitOperations.TrailingZeroCount(bits);
                bits &= bits - 1;
                var i = k + j;
                if (i >= n || allowed[i] || !(values[i] > 0))
                {
                    continue;
                }

                double mass = values[i];
                if (t1 > 0 && Below(u1[j], mass * t1, rng))
                {
                    first++;
                    firstMass += mass;
                }
                else if (Below(u2[j], mass * t2, rng))
                {
                    second++;
                }
            }
        }

        return (first, firstMass, second);
    }

    /// <summary>
    /// Whether the uniform u = (u24 + r) / 2^24 (r a fresh uniform, drawn only when needed) is below
    /// 1 - exp(-x): decided by cheap bounds on that probability first, then exactly.
    /// </summary>
    private static bool Below(uint u24, double x, Random rng)
    {
        var lo = u24 * InverseTwo24;
        var hi = (u24 + 1) * InverseTwo24;
        if (lo >= x)
        {
            return false;
        }

        // x - x^2/2 <= 1 - exp(-x) <= x - x^2/2 + x^3/6 for x >= 0.
        var x2 = x * x;
        var lower = x - (x2 * 0.5);
        if (hi <= lower)
        {
            return true;
        }

        var upper = lower + (x2 * x * (1.0 / 6));
        if (lo >= upper)
        {
            return false;
        }

        var p = x < 1e-4 ? upper - (x2 * x2 * (1.0 / 24)) : 1 - Math.Exp(-x);
        if (hi <= p)
        {
            return true;
        }

        if (lo >= p)
        {
            return false;
        }

        return lo + (rng.NextDouble() * InverseTwo24) < p;
    }

    /// <summary>Eight xoshiro128** generators side by side, seeded from <see cref="Random"/>.</summary>
    private struct Lanes
    {
        private Vector256<uint> s0;
        private Vector256<uint> s1;
        private Vector256<uint> s2;
        private Vector256<uint> s3;

        public Lanes(Random rng)
        {
            s0 = Seed(rng);
            s1 = Seed(rng);
            s2 = Seed(rng);
            s3 = Seed(rng) | Vector256<uint>.One; // never an all-zero state
        }

        public Vector256<uint> Next()
        {
            var x = s1 * 5u;
            var result = ((x << 7) | (x >> 25)) * 9u;
            var t = s1 << 9;
            s2 ^= s0;
            s3 ^= s1;
            s1 ^= s2;
            s0 ^= s3;
            s2 ^= t;
            s3 = (s3 << 11) | (s3 >> 21);
            return result;
        }

        private static Vector256<uint> Seed(Random rng)
        {
            Span<uint> words = stackalloc uint[Vector256<uint>.Count];
            for (var i = 0; i < words.Length; i++)
            {
                words[i] = (uint)rng.NextInt64(0, 1L << 32);
            }

            return Vector256.Create<uint>(words);
        }
    }
}
