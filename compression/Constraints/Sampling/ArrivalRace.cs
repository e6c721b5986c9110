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
/// (a few slots in 65,536) is it decided by the exact scalar test, which draws the uniform's
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

    /// <summary>The exponential's error in units of 2^-16 per unit of exp(-x).</summary>
    private const float K = ExpRelativeError * Two16;

    /// <summary>Counts: arrivals in round 1 and their complement's mass (slots that stayed), arrivals in round 2.</summary>
    internal readonly record struct Result(int First, double StayedMass, int Second);


    /// <summary>
    /// Runs the race over <paramref name="values"/>[0 .. count) (read in whole vectors: the array must
    /// hold zeros up to the next multiple of sixteen). <paramref name="t1"/> = 0: round 1 is over, so
    /// every slot only runs round 2. Sixteen slots at a time where the hardware has 512-bit vectors,
    /// else eight; a seed gives the same result on machines of the same vector width.
    /// </summary>
    public static Result Run(float[] values, int count, double t1, double t2, Random rng) =>
        Run(values, count, t1, t2, rng, Vector512.IsHardwareAccelerated);

    /// <summary><see cref="Run(float[], int, double, double, Random)"/> at a chosen width (tests run both; 512 bits is emulated where the hardware lacks it).</summary>
    internal static Result Run(float[] values, int count, double t1, double t2, Random rng, bool wide)
    {
        var padded = (count + 15) / 16 * 16;
        if (values.Length < padded)
        {
            throw new ArgumentException($"the masses need zero padding up to {padded} slots", nameof(values));
        }

        var scalar = new SplitMix64((ulong)rng.NextInt64(long.MinValue, long.MaxValue));
        var bounds = new Bounds(t1, t2);
        var result = wide
            ? Race512(values, padded, bounds, ref scalar)
            : Race256(values, (count + 7) / 8 * 8, bounds, ref scalar);
        return result with { StayedMass = bounds.Round1 ? result.StayedMass : 0 };
    }

    /// <summary>The race's constants: the rounds' times and the two bounds of <see cref="Decide256"/>.</summary>
    private readonly record struct Bounds(double T1, double T2)
    {
        public bool Round1 => T1 > 0;

        public float Time1 => (float)Math.Min(T1, float.MaxValue);

        public float Time2 => (float)Math.Min(T2, float.MaxValue);
    }

    /// <summary>
    /// The chunk loop, sixteen slots at a time. Chunks with an unsettled lane are set aside with their
    /// draws and decided after the loop (<see cref="Settle"/>), so the loop makes no calls and its
    /// vectors stay in registers.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // a hot loop: straight to optimized code, not tier 0 + OSR
    private static Result Race512(float[] values, int padded, Bounds bounds, ref SplitMix64 scalar)
    {
        const int lanes = 16;
        var (s0, s1, s2, s3) = (Word512(ref scalar), Word512(ref scalar), Word512(ref scalar), Word512(ref scalar) | Vector512<uint>.One);
        var first = Vector512<int>.Zero;
        var second = Vector512<int>.Zero;
        var stayed = Vector512<float>.Zero;
        double stayedTotal = 0;
        var round1 = bounds.Round1;
        var vt1 = Vector512.Create(bounds.Time1);
        var vt2 = Vector512.Create(bounds.Time2);
        var low16 = Vector512.Create(0xFFFFu);
        var unsettled = new Unsettled(padded / lanes, lanes);
        for (int k = 0, chunk = 0; k < padded; k += lanes, chunk++)
        {
            // One xoshiro128** step in sixteen lanes, the state kept in locals (registers).
            var mixed = s1 * 5u;
            var draw = ((mixed << 7) | (mixed >> 25)) * 9u;
            var shifted = s1 << 9;
            s2 ^= s0;
            s3 ^= s1;
            s1 ^= s2;
            s0 ^= s3;
            s2 ^= shifted;
            s3 = (s3 << 11) | (s3 >> 21);

            if ((chunk & 31) == 31)
            {
                // Flush to double every 32 chunks, so each lane's float sum stays short.
                stayedTotal += Vector512.Sum(Vector512.WidenLower(stayed)) + Vector512.Sum(Vector512.WidenUpper(stayed));
                stayed = Vector512<float>.Zero;
            }

            var m = Vector512.Create(values.AsSpan(k, lanes));
            var live = Vector512.GreaterThan(m, Vector512<float>.Zero);
            var yes1 = Vector512<float>.Zero;
            var unsure = Vector512<float>.Zero;
            if (round1)
            {
                (yes1, var no1) = Decide512(draw >> 16, m * vt1);
                yes1 &= live;
                unsure = live & ~(yes1 | no1);
            }

            var stay = live & ~yes1;
            var (yes2, no2) = Decide512(draw & low16, m * vt2);
            yes2 &= stay;
            unsure |= stay & ~(yes2 | no2);
            if (unsure != Vector512<float>.Zero)
            {
                unsettled.Add(k, draw.AsInt32());
                continue;
            }

            first -= yes1.AsInt32();
            second -= yes2.AsInt32();
            stayed += m & stay;
        }

        stayedTotal += Vector512.Sum(Vector512.WidenLower(stayed)) + Vector512.Sum(Vector512.WidenUpper(stayed));
        return Settle(values, bounds, unsettled, ref scalar, new Result(Vector512.Sum(first), stayedTotal, Vector512.Sum(second)));
    }

    /// <summary>The same loop as <see cref="Race512"/>, eight slots at a time.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static Result Race256(float[] values, int padded, Bounds bounds, ref SplitMix64 scalar)
    {
        const int lanes = 8;
        var (s0, s1, s2, s3) = (Word256(ref scalar), Word256(ref scalar), Word256(ref scalar), Word256(ref scalar) | Vector256<uint>.One);
        var first = Vector256<int>.Zero;
        var second = Vector256<int>.Zero;
        var stayed = Vector256<float>.Zero;
        double stayedTotal = 0;
        var round1 = bounds.Round1;
        var vt1 = Vector256.Create(bounds.Time1);
        var vt2 = Vector256.Create(bounds.Time2);
        var low16 = Vector256.Create(0xFFFFu);
        var unsettled = new Unsettled(padded / lanes, lanes);
        for (int k = 0, chunk = 0; k < padded; k += lanes, chunk++)
        {
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
                stayedTotal += Vector256.Sum(Vector256.WidenLower(stayed)) + Vector256.Sum(Vector256.WidenUpper(stayed));
                stayed = Vector256<float>.Zero;
            }

            var m = Vector256.Create(values.AsSpan(k, lanes));
            var live = Vector256.GreaterThan(m, Vector256<float>.Zero);
            var yes1 = Vector256<float>.Zero;
            var unsure = Vector256<float>.Zero;
            if (round1)
            {
                (yes1, var no1) = Decide256(draw >> 16, m * vt1);
                yes1 &= live;
                unsure = live & ~(yes1 | no1);
            }

            var stay = live & ~yes1;
            var (yes2, no2) = Decide256(draw & low16, m * vt2);
            yes2 &= stay;
            unsure |= stay & ~(yes2 | no2);
            if (unsure != Vector256<float>.Zero)
            {
                unsettled.Add(k, draw.AsInt32());
                continue;
            }

            first -= yes1.AsInt32();
            second -= yes2.AsInt32();
            stayed += m & stay;
        }

        stayedTotal += Vector256.Sum(Vector256.WidenLower(stayed)) + Vector256.Sum(Vector256.WidenUpper(stayed));
        return Settle(values, bounds, unsettled, ref scalar, new Result(Vector256.Sum(first), stayedTotal, Vector256.Sum(second)));
    }

    /// <summary>Rare: the set-aside chunks' slots one by one, exactly, with the same leading bits; added to <paramref name="vector"/>.</summary>
    private static Result Settle(float[] values, Bounds bounds, Unsettled unsettled, ref SplitMix64 scalar, Result vector)
    {
        int first = 0, second = 0;
        double stayed = 0;
        for (var c = 0; c < unsettled.Count; c++)
        {
            var k = unsettled.Start(c);
            for (var j = 0; j < unsettled.Lanes; j++)
            {
                double mass = values[k + j];
                var drawn = unsettled.Draw(c, j);
                if (!(mass > 0))
                {
                    continue;
                }

                if (bounds.Round1 && Below(drawn >> 16, mass * bounds.T1, ref scalar))
                {
                    first++;
                    continue;
                }

                stayed += mass;
                if (Below(drawn & 0xFFFF, mass * bounds.T2, ref scalar))
                {
                    second++;
                }
            }
        }

        unsettled.Dispose();
        return new Result(vector.First + first, vector.StayedMass + stayed, vector.Second + second);
    }

    /// <summary>
    /// exp(-x) for x &gt;= -45 in single precision (0 past 87, where the true value is below 2e-38):
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

        // n is integral and in [-65, 126] here (NaN lanes give garbage that callers mask), so the
        // native conversion, without saturation fix-ups, is exact.
        var scale = ((Vector256.Create(127) - Vector256.ConvertToInt32Native(n)) << 23).AsSingle();
        var e = poly * scale;
        return Vector256.ConditionalSelect(Vector256.GreaterThanOrEqual(x, Vector256.Create(87f)), Vector256<float>.Zero, e);
    }

    /// <summary><see cref="NegExp(Vector256{float})"/> in sixteen lanes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector512<float> NegExp(Vector512<float> x)
    {
        var clamped = Vector512.Min(x, Vector512.Create(87f));
        var n = Vector512.Round(clamped * Vector512.Create(1.44269504f));
        var r = Vector512.FusedMultiplyAdd(n, Vector512.Create(-0.693359375f), clamped);
        r = Vector512.FusedMultiplyAdd(n, Vector512.Create(2.12194440e-4f), r);
        var y = -r;
        var poly = Vector512.Create(1f / 120);
        poly = Vector512.FusedMultiplyAdd(poly, y, Vector512.Create(1f / 24));
        poly = Vector512.FusedMultiplyAdd(poly, y, Vector512.Create(1f / 6));
        poly = Vector512.FusedMultiplyAdd(poly, y, Vector512.Create(0.5f));
        poly = Vector512.FusedMultiplyAdd(poly, y, Vector512<float>.One);
        poly = Vector512.FusedMultiplyAdd(poly, y, Vector512<float>.One);
        var scale = ((Vector512.Create(127) - Vector512.ConvertToInt32Native(n)) << 23).AsSingle();
        var e = poly * scale;
        return Vector512.ConditionalSelect(Vector512.GreaterThanOrEqual(x, Vector512.Create(87f)), Vector512<float>.Zero, e);
    }

    /// <summary>
    /// Whether the uniform U = (u16 + r) / 2^16 (r the uniform's further bits, drawn only when needed)
    /// is below 1 - exp(-x): decided by cheap bounds on that probability first, then exactly.
    /// </summary>
    internal static bool Below(uint u16, double x, ref SplitMix64 rng)
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
    /// For uniforms U = (u + r) / 2^16 (u the leading 16 bits, r the unknown rest in [0, 1)) and
    /// p = 1 - exp(-x): lanes where U &lt; p for every r (yes) and where U &gt;= p for every r (no).
    /// Lanes in neither are left to the exact test. With E the computed exp(-x), w = 2^16 - u and the
    /// slack s = <see cref="Slack"/> + E <see cref="ExpRelativeError"/> 2^16 on p 2^16 = 2^16 - E 2^16:
    /// yes is u + 1 &lt;= p 2^16 - s, i.e. E (2^16 + K) + Slack + 1 &lt;= w; no is u &gt;= p 2^16 + s,
    /// i.e. w &lt;= E (2^16 - K) - Slack (K = <see cref="ExpRelativeError"/> 2^16).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector256<float> Yes, Vector256<float> No) Decide256(Vector256<uint> u, Vector256<float> x)
    {
        var w = Vector256.ConvertToSingle((Vector256.Create(65_536u) - u).AsInt32());
        var e = NegExp(x);
        var yes = Vector256.LessThanOrEqual(Vector256.FusedMultiplyAdd(e, Vector256.Create(Two16 + K), Vector256.Create(Slack + 1)), w);
        var no = Vector256.LessThanOrEqual(w, Vector256.FusedMultiplyAdd(e, Vector256.Create(Two16 - K), Vector256.Create(-Slack)));
        return (yes, no);
    }

    /// <summary><see cref="Decide256"/> in sixteen lanes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector512<float> Yes, Vector512<float> No) Decide512(Vector512<uint> u, Vector512<float> x)
    {
        var w = Vector512.ConvertToSingle((Vector512.Create(65_536u) - u).AsInt32());
        var e = NegExp(x);
        var yes = Vector512.LessThanOrEqual(Vector512.FusedMultiplyAdd(e, Vector512.Create(Two16 + K), Vector512.Create(Slack + 1)), w);
        var no = Vector512.LessThanOrEqual(w, Vector512.FusedMultiplyAdd(e, Vector512.Create(Two16 - K), Vector512.Create(-Slack)));
        return (yes, no);
    }

    /// <summary>Seeds for eight xoshiro128** generators side by side.</summary>
    private static Vector256<uint> Word256(ref SplitMix64 rng)
    {
        Span<uint> words = stackalloc uint[8];
        for (var i = 0; i < words.Length; i++)
        {
            words[i] = (uint)rng.Next();
        }

        return Vector256.Create<uint>(words);
    }

    /// <summary>Seeds for sixteen xoshiro128** generators side by side.</summary>
    private static Vector512<uint> Word512(ref SplitMix64 rng) => Vector512.Create(Word256(ref rng), Word256(ref rng));

    /// <summary>Chunks set aside by the vector loop: their first slot and their lanes' draws (pooled arrays).</summary>
    private sealed class Unsettled(int chunks, int lanes) : IDisposable
    {
        private readonly int[] starts = System.Buffers.ArrayPool<int>.Shared.Rent(chunks + 1);
        private readonly int[] draws = System.Buffers.ArrayPool<int>.Shared.Rent((chunks + 1) * lanes);

        public int Lanes => lanes;

        public int Count { get; private set; }

        public void Add(int start, Vector256<int> drawn)
        {
            drawn.CopyTo(draws, Count * lanes);
            starts[Count++] = start;
        }

        public void Add(int start, Vector512<int> drawn)
        {
            drawn.CopyTo(draws, Count * lanes);
            starts[Count++] = start;
        }

        public int Start(int chunk) => starts[chunk];

        public uint Draw(int chunk, int lane) => (uint)draws[(chunk * lanes) + lane];

        public void Dispose()
        {
            System.Buffers.ArrayPool<int>.Shared.Return(starts);
            System.Buffers.ArrayPool<int>.Shared.Return(draws);
        }
    }
}
