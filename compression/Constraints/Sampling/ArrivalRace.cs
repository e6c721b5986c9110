using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Compressor.Constraints.Sampling;

/// <summary>
/// The exponential race of <see cref="ExactContinuation"/>, run for every slot at once: a slot of mass
/// m &gt; 0 arrives in round 1 with probability 1 - exp(-m t1) (when t1 &gt; 0); if it does not, it
/// arrives in round 2 with probability 1 - exp(-m t2); all independent. Slots of mass 0 never arrive.
/// Eight slots at a time: one 32-bit draw per slot (xoshiro128** in eight lanes) gives the leading 16
/// bits of both rounds' uniforms, which are compared with p = 1 - exp(-x) computed in single
/// precision with a proven error bound (<see cref="ExpRelativeError"/> for the exponential plus the
/// rounding of x and of the scaled bounds). Only when a uniform's 16 bits do not settle the question
/// (about one slot in ten thousand) is it decided by the exact scalar test, which draws the uniform's
/// further bits; so every decision is the exact Bernoulli, just mostly made eight at a time.
/// </summary>
internal static class ArrivalRace
{
    /// <summary>
    /// Bound on the error of <see cref="NegExp"/>: |NegExp(x) - exp(-x)| &lt;= exp(-x) x this + 1e-30
    /// (checked by a dense sweep in the tests; the measured error is about a quarter of it).
    /// </summary>
    internal const float ExpRelativeError = 2e-5f;

    private const float Two16 = 65_536f;
    private const double InverseTwo16 = 1.0 / 65_536;

    /// <summary>
    /// Absolute slack on p, in units of 2^-16: the rounding of x = m t (relative 1.2e-7, moving p by at
    /// most 0.37 x 1.2e-7), of 1 - e and of the scaled bounds (under 2^-7 units near 2^16), with margin.
    /// </summary>
    private const float Slack = 0.05f;

    /// <summary>Counts: arrivals in round 1 and their complement's mass (slots that stayed), arrivals in round 2.</summary>
    internal readonly record struct Result(int First, double StayedMass, int Second);

    /// <summary>
    /// Runs the race over <paramref name="values"/>[0 .. count) (read in whole vectors: the array must
    /// hold zeros up to the next multiple of eight). <paramref name="t1"/> = 0: round 1 is over, so
    /// every slot only runs round 2.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // a hot loop: straight to optimized code, not tier 0 + OSR
    public static Result Run(float[] values, int count, double t1, double t2, Random rng)
    {
        var lanes = Vector256<float>.Count;
        var padded = (count + lanes - 1) / lanes * lanes;
        if (values.Length < padded)
        {
            throw new ArgumentException($"the masses need zero padding up to {padded} slots", nameof(values));
        }

        var (s0, s1, s2, s3) = Seed(rng);
        var first = Vector256<int>.Zero;
        var second = Vector256<int>.Zero;
        var stayed = Vector256<float>.Zero;
        double stayedTotal = 0;
        int scalarFirst = 0, scalarSecond = 0;
        double scalarStayed = 0;
        var round1 = t1 > 0;
        var vt1 = Vector256.Create((float)Math.Min(t1, float.MaxValue));
        var vt2 = Vector256.Create((float)Math.Min(t2, float.MaxValue));
        var low16 = Vector256.Create(0xFFFFu);

        // Chunks with an unsettled lane are set aside with their draws and decided after the loop, so
        // the loop makes no calls and its vectors stay in registers.
        var chunks = padded / lanes;
        var unsettled = System.Buffers.ArrayPool<int>.Shared.Rent(chunks + 1);
        var unsettledDraws = System.Buffers.ArrayPool<uint>.Shared.Rent((chunks + 1) * lanes);
        var unsettledCount = 0;
        for (int k = 0, chunk = 0; k < padded; k += lanes, chunk++)
        {
            // One xoshiro128** step in eight lanes, the state kept in locals (registers).
            var mixed = s1 * 5u;
            var draw = ((mixed << 7) | (mixed >> 25)) * 9u;
            var shifted = s1 << 9;
            s2 ^= s0;
            s3 ^= s1;
            s1 ^= s2;
            s0 ^= s3;
            s2 ^= shifted;
            s3 = (s3 << 11) | (s3 >> 21);

            if ((chunk & 63) == 63)
            {
                // Flush to double every 64 chunks, so each lane's float sum stays short.
                stayedTotal += Vector256.Sum(Vector256.WidenLower(stayed)) + Vector256.Sum(Vector256.WidenUpper(stayed));
                stayed = Vector256<float>.Zero;
            }

            var m = Vector256.Create(values.AsSpan(k, lanes));
            var live = Vector256.GreaterThan(m, Vector256<float>.Zero);
            if (live == Vector256<float>.Zero)
            {
                continue;
            }

            var yes1 = Vector256<float>.Zero;
            var unsure = Vector256<float>.Zero;
            if (round1)
            {
                (yes1, var no1) = Decide(Vector256.ConvertToSingle((draw >> 16).AsInt32()), m * vt1);
                yes1 &= live;
                unsure |= live & ~(yes1 | no1);
            }

            var stay = live & ~yes1;
            var yes2 = Vector256<float>.Zero;
            if (stay != Vector256<float>.Zero)
            {
                (yes2, var no2) = Decide(Vector256.ConvertToSingle((draw & low16).AsInt32()), m * vt2);
                yes2 &= stay;
                unsure |= stay & ~(yes2 | no2);
            }

            if (unsure != Vector256<float>.Zero)
            {
                draw.CopyTo(unsettledDraws.AsSpan(unsettledCount * lanes, lanes));
                unsettled[unsettledCount++] = k;
                continue;
            }

            first -= yes1.AsInt32();
            second -= yes2.AsInt32();
            if (round1)
            {
                stayed += m & stay;
            }
        }

        stayedTotal += Vector256.Sum(Vector256.WidenLower(stayed)) + Vector256.Sum(Vector256.WidenUpper(stayed));

        // Rare: those chunks' slots one by one, exactly, with the same leading bits.
        for (var c = 0; c < unsettledCount; c++)
        {
            var k = unsettled[c];
            for (var j = 0; j < lanes; j++)
            {
                double mass = values[k + j];
                var drawn = unsettledDraws[(c * lanes) + j];
                if (!(mass > 0))
                {
                    continue;
                }

                if (round1 && Below(drawn >> 16, mass * t1, rng))
                {
                    scalarFirst++;
                    continue;
                }

                scalarStayed += round1 ? mass : 0;
                if (Below(drawn & 0xFFFF, mass * t2, rng))
                {
                    scalarSecond++;
                }
            }
        }

        System.Buffers.ArrayPool<int>.Shared.Return(unsettled);
        System.Buffers.ArrayPool<uint>.Shared.Return(unsettledDraws);
        return new Result(Vector256.Sum(first) + scalarFirst, stayedTotal + scalarStayed, Vector256.Sum(second) + scalarSecond);
    }

    /// <summary>
    /// exp(-x) for x &gt;= 0 in single precision (0 past 87, where the true value is below 2e-38):
    /// x = n ln 2 + r with |r| &lt;= ln 2 / 2 (ln 2 split in two for an exact product), a degree-5
    /// Taylor polynomial for exp(-r) (truncation under 2.6e-6), scaled by 2^-n through the exponent bits.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector256<float> NegExp(Vector256<float> x)
    {
        var clamped = Vector256.Min(x, Vector256.Create(87f));
        var n = Vector256.Round(clamped * Vector256.Create(1.44269504f));
        var r = Vector256.FusedMultiplyAdd(n, Vector256.Create(-0.693359375f), clamped);
        r = Vector256.FusedMultiplyAdd(n, Vector256.Create(2.12194440e-4f), r);
        var y = -r;
        var poly = Vector256.Create(1f / 120);
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
    /// Whether the uniform U = (u16 + r) / 2^16 (r the uniform's further bits, drawn only when needed)
    /// is below 1 - exp(-x): decided by cheap bounds on that probability first, then exactly.
    /// </summary>
    internal static bool Below(uint u16, double x, Random rng)
    {
        var lo = u16 * InverseTwo16;
        var hi = (u16 + 1) * InverseTwo16;
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

        var p = x < 1e-4 ? upper - (x2 * x2 * (1.0 / 24)) : -double.ExpM1(-x);
        if (hi <= p)
        {
            return true;
        }

        if (lo >= p)
        {
            return false;
        }

        return lo + (rng.NextDouble() * InverseTwo16) < p;
    }

    /// <summary>
    /// For uniforms U = (u + r) / 2^16 (u the leading 16 bits as a float, r the unknown rest in [0, 1))
    /// and p = 1 - exp(-x): lanes where U &lt; p for every r (yes) and where U &gt;= p for every r (no).
    /// Lanes in neither are left to the exact test.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector256<float> Yes, Vector256<float> No) Decide(Vector256<float> u, Vector256<float> x)
    {
        var two16 = Vector256.Create(Two16);

        // p <= x: u >= x 2^16 means no, without an exponential (most slots when t is small).
        var quickNo = Vector256.GreaterThanOrEqual(u, x * two16 * Vector256.Create(1.00001f));
        if (quickNo == Vector256<float>.AllBitsSet)
        {
            return (Vector256<float>.Zero, quickNo);
        }

        // x - x^2/2 <= p <= x - x^2/2 + x^3/6: settles most lanes of small x without an exponential.
        var slack = Vector256.Create(Slack);
        var x2 = x * x;
        var lower = (x - (x2 * Vector256.Create(0.5f))) * two16;
        var upper = lower + (x2 * x * Vector256.Create(Two16 / 6));
        var yes = Vector256.LessThanOrEqual(u + Vector256<float>.One, lower - slack);
        var no = quickNo | Vector256.GreaterThanOrEqual(u, upper + slack);
        if ((yes | no) == Vector256<float>.AllBitsSet)
        {
            return (yes, no);
        }

        var e = NegExp(x);
        var p = (Vector256<float>.One - e) * two16;
        slack += e * Vector256.Create(ExpRelativeError * Two16);
        yes |= Vector256.LessThanOrEqual(u + Vector256<float>.One, p - slack);
        no |= Vector256.GreaterThanOrEqual(u, p + slack);
        return (yes, no);
    }

    /// <summary>Seeds for eight xoshiro128** generators side by side (stepped inline in <see cref="Run"/>).</summary>
    private static (Vector256<uint>, Vector256<uint>, Vector256<uint>, Vector256<uint>) Seed(Random rng) =>
        (Word(rng), Word(rng), Word(rng), Word(rng) | Vector256<uint>.One); // never an all-zero state

    private static Vector256<uint> Word(Random rng)
    {
        Span<uint> words = stackalloc uint[Vector256<uint>.Count];
        for (var i = 0; i < words.Length; i++)
        {
            words[i] = (uint)rng.NextInt64(0, 1L << 32);
        }

        return Vector256.Create<uint>(words);
    }
}
