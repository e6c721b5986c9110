using System.Numerics;
using System.Runtime.Intrinsics;

namespace Compressor.Constraints.Sampling;

/// <summary>
/// The exponential race of <see cref="ExactContinuation"/>, run for every slot at once: a slot of mass
/// m &gt; 0 arrives in round 1 with probability 1 - exp(-m t1) (when t1 &gt; 0); if it does not, it
/// arrives in round 2 with probability 1 - exp(-m t2); all independent. Slots of mass 0 never arrive.
/// Eight slots at a time: a 24-bit uniform u per slot and round (xoshiro128** in eight lanes) is
/// compared with p = 1 - exp(-x) computed in single precision with a proven error bound
/// (<see cref="ExpRelativeError"/> for the exponential plus the rounding of x and of the scaled
/// bounds). Only when u falls inside that band (about one slot in a million) is the decision left to
/// the exact scalar test, which also draws further bits of the uniform when 24 are not enough; so
/// every decision is the exact Bernoulli, just mostly made eight at a time.
/// </summary>
internal static class ArrivalRace
{
    /// <summary>
    /// Bound on the error of <see cref="NegExp"/>: |NegExp(x) - exp(-x)| &lt;= exp(-x) x this + 1e-30
    /// (checked by a dense sweep in the tests; the measured error is a few times smaller).
    /// </summary>
    internal const float ExpRelativeError = 1e-6f;

    private const double Two24 = 16_777_216.0;
    private const double InverseTwo24 = 1.0 / Two24;

    /// <summary>
    /// Absolute slack on p, in units of 2^-24: the rounding of x = m t (relative 1.2e-7, moving p by at
    /// most 0.37 x 1.2e-7), of 1 - e, and of the scaled bounds (one unit near 2^24), with margin.
    /// </summary>
    private const float Slack = 8f;

    /// <summary>Counts: arrivals in round 1 and their complement's mass (slots that stayed), arrivals in round 2.</summary>
    internal readonly record struct Result(int First, double StayedMass, int Second);

    /// <summary>
    /// Runs the race over <paramref name="values"/>[0 .. count) (read in whole vectors: the array must
    /// hold zeros up to the next multiple of eight). <paramref name="t1"/> = 0: round 1 is over, so
    /// every slot only runs round 2.
    /// </summary>
    public static Result Run(float[] values, int count, double t1, double t2, Random rng)
    {
        var lanes = Vector256<float>.Count;
        var padded = (count + lanes - 1) / lanes * lanes;
        if (values.Length < padded)
        {
            throw new ArgumentException($"the masses need zero padding up to {padded} slots", nameof(values));
        }

        var random = new Lanes(rng);
        var first = Vector256<int>.Zero;
        var second = Vector256<int>.Zero;
        var stayed = Vector256<float>.Zero;
        double stayedTotal = 0;
        int scalarFirst = 0, scalarSecond = 0;
        double scalarStayed = 0;
        var round1 = t1 > 0;
        var vt1 = Vector256.Create((float)Math.Min(t1, float.MaxValue));
        var vt2 = Vector256.Create((float)Math.Min(t2, float.MaxValue));
        Span<uint> u1s = stackalloc uint[lanes];
        Span<uint> u2s = stackalloc uint[lanes];
        for (int k = 0, chunk = 0; k < padded; k += lanes, chunk++)
        {
            var m = Vector256.Create(values.AsSpan(k, lanes));
            var live = Vector256.GreaterThan(m, Vector256<float>.Zero);
            var r1 = random.Next() >> 8;
            var r2 = random.Next() >> 8;
            if (live == Vector256<float>.Zero)
            {
                continue;
            }

            var yes1 = Vector256<float>.Zero;
            var unsure = Vector256<float>.Zero;
            if (round1)
            {
                (yes1, var no1) = Decide(Vector256.ConvertToSingle(r1.AsInt32()), m * vt1);
                yes1 &= live;
                unsure |= live & ~(yes1 | no1);
            }

            var stay = live & ~yes1;
            var (yes2, no2) = Decide(Vector256.ConvertToSingle(r2.AsInt32()), m * vt2);
            yes2 &= stay;
            unsure |= stay & ~(yes2 | no2);
            if (unsure != Vector256<float>.Zero)
            {
                // Rare: decide this chunk's slots one by one, exactly, with the same uniforms.
                r1.CopyTo(u1s);
                r2.CopyTo(u2s);
                for (var j = 0; j < lanes; j++)
                {
                    double mass = values[k + j];
                    if (!(mass > 0))
                    {
                        continue;
                    }

                    if (round1 && Below(u1s[j], mass * t1, rng))
                    {
                        scalarFirst++;
                        continue;
                    }

                    scalarStayed += round1 ? mass : 0;
                    if (Below(u2s[j], mass * t2, rng))
                    {
                        scalarSecond++;
                    }
                }

                continue;
            }

            first -= yes1.AsInt32();
            second -= yes2.AsInt32();
            if (round1)
            {
                stayed += m & stay;
                if ((chunk & 63) == 63)
                {
                    // Flush to double every 64 chunks, so each lane's float sum stays short.
                    stayedTotal += Vector256.Sum(Vector256.WidenLower(stayed)) + Vector256.Sum(Vector256.WidenUpper(stayed));
                    stayed = Vector256<float>.Zero;
                }
            }
        }

        stayedTotal += Vector256.Sum(Vector256.WidenLower(stayed)) + Vector256.Sum(Vector256.WidenUpper(stayed));
        return new Result(Vector256.Sum(first) + scalarFirst, stayedTotal + scalarStayed, Vector256.Sum(second) + scalarSecond);
    }

    /// <summary>
    /// For uniforms U = (u + r) / 2^24 (u the 24-bit integer part, as a float; r the unknown rest in
    /// [0, 1)) and p = 1 - exp(-x): lanes where U &lt; p for every r (yes) and where U &gt;= p for every r
    /// (no). Lanes in neither are left to the exact test.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private static (Vector256<float> Yes, Vector256<float> No) Decide(Vector256<float> u, Vector256<float> x)
    {
        var two24 = Vector256.Create((float)Two24);

        // p <= x: u >= x 2^24 means no, without an exponential (most slots when t is small).
        var quickNo = Vector256.GreaterThanOrEqual(u, x * two24 * Vector256.Create(1.00001f));
        if (quickNo == Vector256<float>.AllBitsSet)
        {
            return (Vector256<float>.Zero, quickNo);
        }

        var e = NegExp(x);
        var p = (Vector256<float>.One - e) * two24;
        var slack = (e * Vector256.Create(ExpRelativeError) * two24) + Vector256.Create(Slack);
        var yes = Vector256.LessThanOrEqual(u + Vector256<float>.One, p - slack);
        var no = quickNo | Vector256.GreaterThanOrEqual(u, p + slack);
        return (yes, no);
    }

    /// <summary>
    /// exp(-x) for x &gt;= 0 in single precision (0 past 87, where the true value is below 2e-38):
    /// x = n ln 2 + r with |r| &lt;= ln 2 / 2 (ln 2 split in two for an exact product), a degree-7
    /// Taylor polynomial for exp(-r) (truncation under 2e-9), scaled by 2^-n through the exponent bits.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    internal static Vector256<float> NegExp(Vector256<float> x)
    {
        var clamped = Vector256.Min(x, Vector256.Create(87f));
        var n = Vector256.Round(clamped * Vector256.Create(1.44269504f));
        var r = Vector256.FusedMultiplyAdd(n, Vector256.Create(-0.693359375f), clamped);
        r = Vector256.FusedMultiplyAdd(n, Vector256.Create(2.12194440e-4f), r);
        var y = -r;
        var poly = Vector256.Create(1f / 5040);
        poly = Vector256.FusedMultiplyAdd(poly, y, Vector256.Create(1f / 720));
        poly = Vector256.FusedMultiplyAdd(poly, y, Vector256.Create(1f / 120));
        poly = Vector256.FusedMultiplyAdd(poly, y, Vector256.Create(1f / 24));
        poly = Vector256.FusedMultiplyAdd(poly, y, Vector256.Create(1f / 6));
        poly = Vector256.FusedMultiplyAdd(poly, y, Vector256.Create(0.5f));
        poly = Vector256.FusedMultiplyAdd(poly, y, Vector256<float>.One);
        poly = Vector256.FusedMultiplyAdd(poly, y, Vector256<float>.One);
        var scale = ((Vector256.Create(127) - Vector256.ConvertToInt32(n)) << 23).AsSingle();
        var e = poly * scale;
        return Vector256.ConditionalSelect(Vector256.GreaterThanOrEqual(x, Vector256.Create(87f)), Vector256<float>.Zero, e);
    }

    /// <summary>
    /// Whether the uniform U = (u24 + r) / 2^24 (r a fresh uniform, drawn only when needed) is below
    /// 1 - exp(-x): decided by cheap bounds on that probability first, then exactly.
    /// </summary>
    internal static bool Below(uint u24, double x, Random rng)
    {
        var lo = u24 * InverseTwo24;
        var hi = (u24 + 1) * InverseTwo24;
        if (lo >= x)
        {
            return false;
        }

        if (x >= 40)
        {
            return true; // p = 1 - exp(-40) rounds to 1 in double: every uniform is below it
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

        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
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
