using System.Buffers;
using System.Runtime.Intrinsics;

namespace Compressor.Constraints.Sampling;

/// <summary>
/// Unnormalized token masses exp((l - c) / T) for one sampling step (c near the largest logit: only
/// ratios of masses are ever used), with sums over blocks of
/// <see cref="BlockSize"/> slots: a draw by inverse CDF scans the block sums, then one block
/// (about 2 sqrt(V) reads), and removing a token is O(1). No O(V) structure is built beyond the one
/// vectorized exponentiation pass, so the common step (first draw accepted) costs that pass only.
/// For top-p below 1 the slots hold just the nucleus (the smallest most-likely set reaching top-p of
/// the mass), and <see cref="Zp"/> is its share of the full mass. Arrays are pooled: dispose.
/// </summary>
internal sealed class TokenMasses : IDisposable
{
    public const int BlockSize = 256;

    private readonly float[] _values;
    private readonly double[] _blocks;
    private readonly int[]? _map;

    private TokenMasses(float[] values, int count, int[]? map, double zp, double[]? blocks = null)
    {
        _values = values;
        _map = map;
        Count = count;
        Zp = zp;
        if (blocks is null)
        {
            _blocks = ArrayPool<double>.Shared.Rent(BlockCount(count) + 1);
            Total = SumBlocks();
        }
        else
        {
            _blocks = blocks;
            double total = 0;
            for (var b = 0; b < BlockCount(count); b++)
            {
                total += blocks[b];
            }

            Total = total;
            Remaining = total;
        }
    }

    /// <summary>Slots (the vocabulary, or the nucleus when top-p &lt; 1).</summary>
    public int Count { get; }

    /// <summary>The kept share of the full mass (1 without top-p).</summary>
    public double Zp { get; }

    /// <summary>Mass of all slots at build time (the normalizer of q).</summary>
    public double Total { get; }

    /// <summary>Mass of the slots not removed.</summary>
    public double Remaining { get; private set; }

    /// <summary>Zeroed slots after the last one, so vector passes may read whole vectors.</summary>
    public const int Padding = 16;

    public static TokenMasses Build(ReadOnlySpan<float> logits, double temperature, double topP) =>
        Build(logits, temperature, topP, onePass: true);

    /// <summary><see cref="Build(ReadOnlySpan{float}, double, double)"/>, optionally without the one-pass guess (the benchmark's baseline).</summary>
    internal static TokenMasses Build(ReadOnlySpan<float> logits, double temperature, double topP, bool onePass)
    {
        var n = logits.Length;
        var values = Rent(n);
        var invT = (float)(1.0 / temperature);
        var blocks = ArrayPool<double>.Shared.Rent(BlockCount(n) + 1);
        var whole = topP >= 1 || topP <= 0;
        float? seen = null;
        if (onePass && SampledMax(logits) is var guess && float.IsFinite(guess))
        {
            // One pass over the logits instead of two (a 152k vocabulary is 600 KB, and the step is
            // bound by memory traffic): exponentiate relative to a shift near the largest logit,
            // guessed from a sample, and check the guess with the true maximum seen on the way.
            var shift = guess + (ShiftAbove / invT);
            seen = Exponentiate(logits, shift, invT, values, blocks);
            if (float.IsFinite(seen.Value) && (seen.Value - shift) * invT <= MaxExponent)
            {
                return whole ? new TokenMasses(values, n, null, 1, blocks) : Nucleus(values, blocks, n, topP);
            }
        }

        var max = seen ?? Max(logits); // a failed one pass has seen the true maximum already
        if (float.IsNegativeInfinity(max) || float.IsNaN(max))
        {
            ArrayPool<double>.Shared.Return(blocks);
            Array.Clear(values, 0, n);
            return new TokenMasses(values, n, null, 1);
        }

        Exponentiate(logits, max, invT, values, blocks);
        return whole ? new TokenMasses(values, n, null, 1, blocks) : Nucleus(values, blocks, n, topP);
    }

    /// <summary>
    /// How far above the sampled maximum the one-pass shift c sits, in units of T: c is at most this
    /// far above the true maximum M, so the exponentials that underflow to 0 are those below
    /// exp(-87 + 10) of the largest, as negligible as the two-pass exp(-87).
    /// </summary>
    private const float ShiftAbove = 10f;

    /// <summary>The largest (M - c) / T the one pass accepts: masses up to e^45 (3.5e19), far inside float range.</summary>
    private const float MaxExponent = 45f;

    /// <summary>The largest of every 61st logit (NaN ignored), -inf when none is a number: a cheap guess at the maximum.</summary>
    private static float SampledMax(ReadOnlySpan<float> logits)
    {
        var max = float.NegativeInfinity;
        for (var i = 0; i < logits.Length; i += 61)
        {
            if (logits[i] > max)
            {
                max = logits[i];
            }
        }

        return max;
    }

    /// <summary>Whether slot i is token i (no nucleus map).</summary>
    internal bool IsIdentity => _map is null;

    /// <summary>The slots' masses (removed slots 0), followed by <see cref="Padding"/> zeros; for vector passes.</summary>
    internal float[] Values => _values;

    public float Value(int slot) => _values[slot];

    /// <summary>The token id of a slot.</summary>
    public int Token(int slot) => _map is null ? slot : _map[slot];

    /// <summary>The slot whose cumulative interval holds <paramref name="u"/> in [0, Remaining), skipping removed slots; -1 when none is left.</summary>
    public int Find(double u)
    {
        var blocks = BlockCount(Count);
        var b = 0;
        while (b < blocks - 1 && u >= _blocks[b])
        {
            u -= _blocks[b];
            b++;
        }

        var start = b * BlockSize;
        var end = Math.Min(Count, start + BlockSize);
        var last = -1;
        for (var i = start; i < end; i++)
        {
            var v = _values[i];
            if (v > 0)
            {
                last = i;
                u -= v;
                if (u < 0)
                {
                    return i;
                }
            }
        }

        // Rounding ran past the block: the last live slot of it, else the nearest live slot anywhere.
        return last >= 0 ? last : NearestLive(start);
    }

    /// <summary>Removes a slot for good (sampling without replacement).</summary>
    public void Remove(int slot)
    {
        var v = _values[slot];
        if (v <= 0)
        {
            return;
        }

        _values[slot] = 0;
        _blocks[slot / BlockSize] -= v;
        Remaining -= v;
        if (Remaining <= 0 || _blocks[slot / BlockSize] < 0)
        {
            // Guard against drift after many removals: recompute exactly.
            Remaining = SumBlocks();
        }
    }

    /// <summary>Undoes <see cref="Remove"/> of a slot that had mass <paramref name="value"/> (a draw made ahead and not used).</summary>
    public void Restore(int slot, float value)
    {
        if (_values[slot] > 0 || !(value > 0))
        {
            return;
        }

        _values[slot] = value;
        _blocks[slot / BlockSize] += value;
        Remaining += value;
    }

    public void Dispose()
    {
        ArrayPool<float>.Shared.Return(_values);
        ArrayPool<double>.Shared.Return(_blocks);
    }

    private double SumBlocks()
    {
        double total = 0;
        for (int start = 0, b = 0; start < Count; start += BlockSize, b++)
        {
            var end = Math.Min(Count, start + BlockSize);
            double s = 0;
            var i = start;
            if (Vector256.IsHardwareAccelerated)
            {
                var acc = Vector256<float>.Zero;
                for (; i <= end - Vector256<float>.Count; i += Vector256<float>.Count)
                {
                    acc += Vector256.Create(_values.AsSpan(i, Vector256<float>.Count));
                }

                s = Vector256.Sum(acc);
            }

            for (; i < end; i++)
            {
                s += _values[i];
            }

            _blocks[b] = s;
            total += s;
        }

        Remaining = total;
        return total;
    }

    private int NearestLive(int from)
    {
        for (var i = from; i < Count; i++)
        {
            if (_values[i] > 0)
            {
                return i;
            }
        }

        for (var i = Math.Min(from, Count) - 1; i >= 0; i--)
        {
            if (_values[i] > 0)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>The largest logit, NaN ignored (as by a scalar loop with &gt;), sixteen or eight lanes at a time where the hardware allows.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static float Max(ReadOnlySpan<float> logits)
    {
        var max = float.NegativeInfinity;
        var i = 0;
        if (Vector512.IsHardwareAccelerated && logits.Length >= Vector512<float>.Count)
        {
            var acc = Vector512.Create(float.NegativeInfinity);
            for (; i <= logits.Length - Vector512<float>.Count; i += Vector512<float>.Count)
            {
                var v = Vector512.Create(logits.Slice(i, Vector512<float>.Count));
                acc = Vector512.ConditionalSelect(Vector512.GreaterThan(v, acc), v, acc);
            }

            max = Math.Max(LaneMax(acc.GetLower()), LaneMax(acc.GetUpper()));
        }
        else if (Vector256.IsHardwareAccelerated && logits.Length >= Vector256<float>.Count)
        {
            var acc = Vector256.Create(float.NegativeInfinity);
            for (; i <= logits.Length - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                var v = Vector256.Create(logits.Slice(i, Vector256<float>.Count));
                acc = Vector256.ConditionalSelect(Vector256.GreaterThan(v, acc), v, acc);
            }

            max = LaneMax(acc);
        }

        for (; i < logits.Length; i++)
        {
            if (logits[i] > max)
            {
                max = logits[i];
            }
        }

        return max;
    }

    /// <summary>The largest lane (lanes only ever hold -inf or values that beat it, never NaN).</summary>
    private static float LaneMax(Vector256<float> acc)
    {
        var max = float.NegativeInfinity;
        for (var lane = 0; lane < Vector256<float>.Count; lane++)
        {
            if (acc[lane] > max)
            {
                max = acc[lane];
            }
        }

        return max;
    }

    /// <summary>
    /// values[i] = exp((l[i] - shift) / T) (NaN logits become 0) and each block's sum, in one pass, sixteen
    /// or eight lanes at a time where the hardware allows, by <see cref="ArrivalRace.NegExp(Vector256{float})"/> (relative error a
    /// few parts in a million, far below the precision of the logits); the padding after n is zeroed.
    /// Returns the largest logit seen (NaN ignored), so a guessed shift can be checked.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static float Exponentiate(ReadOnlySpan<float> logits, float shift, float invT, float[] values, double[] blocks)
    {
        var n = logits.Length;
        var seen = float.NegativeInfinity;
        Array.Clear(values, n, Padding);
        for (int start = 0, b = 0; start < n; start += BlockSize, b++)
        {
            var end = Math.Min(n, start + BlockSize);
            var i = start;
            double sum = 0;
            if (Vector512.IsHardwareAccelerated)
            {
                var vshift = Vector512.Create(shift);
                var vinv = Vector512.Create(invT);
                var acc = Vector512<float>.Zero;
                var top = Vector512.Create(float.NegativeInfinity);
                for (; i <= end - Vector512<float>.Count; i += Vector512<float>.Count)
                {
                    var l = Vector512.Create(logits.Slice(i, Vector512<float>.Count));
                    top = Vector512.ConditionalSelect(Vector512.GreaterThan(l, top), l, top);
                    var y = (l - vshift) * vinv;
                    var e = Vector512.ConditionalSelect(Vector512.Equals(y, y), ArrivalRace.NegExp(-y), Vector512<float>.Zero);
                    e.CopyTo(values, i);
                    acc += e;
                }

                sum = Vector512.Sum(acc);
                seen = Math.Max(seen, Math.Max(LaneMax(top.GetLower()), LaneMax(top.GetUpper())));
            }
            else if (Vector256.IsHardwareAccelerated)
            {
                var vshift = Vector256.Create(shift);
                var vinv = Vector256.Create(invT);
                var acc = Vector256<float>.Zero;
                var top = Vector256.Create(float.NegativeInfinity);
                for (; i <= end - Vector256<float>.Count; i += Vector256<float>.Count)
                {
                    var l = Vector256.Create(logits.Slice(i, Vector256<float>.Count));
                    top = Vector256.ConditionalSelect(Vector256.GreaterThan(l, top), l, top);
                    var y = (l - vshift) * vinv;
                    var e = Vector256.ConditionalSelect(Vector256.Equals(y, y), ArrivalRace.NegExp(-y), Vector256<float>.Zero);
                    e.CopyTo(values, i);
                    acc += e;
                }

                sum = Vector256.Sum(acc);
                seen = Math.Max(seen, LaneMax(top));
            }

            for (; i < end; i++)
            {
                var v = MathF.Exp((logits[i] - shift) * invT);
                values[i] = float.IsNaN(v) ? 0 : v;
                sum += values[i];
                seen = logits[i] > seen ? logits[i] : seen;
            }

            blocks[b] = sum;
        }

        return seen;
    }

    private static int BlockCount(int count) => (count + BlockSize - 1) / BlockSize;

    private static float[] Rent(int count)
    {
        var values = ArrayPool<float>.Shared.Rent(Math.Max(1, count) + Padding);
        Array.Clear(values, count, Padding);
        return values;
    }

    /// <summary>
    /// Keeps the smallest most-likely set reaching top-p of the mass, without sorting the vocabulary:
    /// gather slots above a falling threshold until they hold enough mass, then sort only those.
    /// </summary>
    private const int IdBits = 21;

    /// <summary>
    /// The nucleus among <paramref name="picked"/>: the most likely tokens (ties by token id) whose
    /// mass first reaches <paramref name="target"/>, in no particular (but deterministic) order. A
    /// selection weighted by mass, O(picked) expected: sorting a flat 152k distribution's candidates
    /// took 10-13 ms per step.
    /// </summary>
    private static List<int> NucleusOf(List<int> picked, float[] values, int n, double target)
    {
        var result = new List<int>();
        if (n > 1 << IdBits)
        {
            picked.Sort((a, b) => values[b].CompareTo(values[a]) is var c && c != 0 ? c : a.CompareTo(b));
            double kept = 0;
            foreach (var i in picked)
            {
                result.Add(i);
                kept += values[i];
                if (kept >= target)
                {
                    break;
                }
            }

            return result;
        }

        // Keys order like (mass descending, id ascending): masses are positive floats, whose bits order like their values.
        var keys = new long[picked.Count];
        for (var k = 0; k < keys.Length; k++)
        {
            keys[k] = ((long)(int.MaxValue - BitConverter.SingleToInt32Bits(values[picked[k]])) << IdBits) | (long)picked[k];
        }

        var taken = SelectPrefix(keys, target);
        for (var k = 0; k < taken; k++)
        {
            result.Add(Id(keys[k]));
        }

        return result;
    }

    private static int Id(long key) => (int)(key & ((1L << IdBits) - 1));

    /// <summary>The mass a key was made from (its high bits).</summary>
    private static float MassOf(long key) => BitConverter.Int32BitsToSingle(int.MaxValue - (int)(key >> IdBits));

    /// <summary>
    /// Rearranges <paramref name="keys"/> so that its first m entries are the m smallest keys, for the
    /// least m whose masses sum to at least <paramref name="target"/> (all of them if none does); returns m.
    /// </summary>
    private static int SelectPrefix(long[] keys, double target)
    {
        int lo = 0, hi = keys.Length;
        var need = target;
        while (hi - lo > 32)
        {
            var pivot = MedianOfThree(keys[lo], keys[lo + ((hi - lo) / 2)], keys[hi - 1]);
            var i = lo;
            double mass = 0;
            for (var k = lo; k < hi; k++)
            {
                if (keys[k] < pivot)
                {
                    (keys[k], keys[i]) = (keys[i], keys[k]);
                    mass += MassOf(keys[i]);
                    i++;
                }
            }

            if (mass >= need)
            {
                hi = i; // the prefix ends among the smaller keys
                continue;
            }

            // All the smaller keys are in, then the pivot (keys are distinct: it occurs once).
            need -= mass;
            var at = Array.IndexOf(keys, pivot, i, hi - i);
            (keys[at], keys[i]) = (keys[i], keys[at]);
            need -= MassOf(pivot);
            lo = i + 1;
            if (need <= 0)
            {
                return lo;
            }
        }

        Array.Sort(keys, lo, hi - lo);
        for (var k = lo; k < hi; k++)
        {
            need -= MassOf(keys[k]);
            if (need <= 0)
            {
                return k + 1;
            }
        }

        return hi;
    }

    private static long MedianOfThree(long a, long b, long c) =>
        Math.Max(Math.Min(a, b), Math.Min(Math.Max(a, b), c));

    private static TokenMasses Nucleus(float[] values, double[] blocks, int n, double topP)
    {
        ArrayPool<double>.Shared.Return(blocks);
        double sum = 0;
        var top = 0f;
        for (var i = 0; i < n; i++)
        {
            sum += values[i];
            top = Math.Max(top, values[i]);
        }

        // Masses are relative to a shift near the largest logit: thresholds are relative to the largest mass.
        var target = topP * sum;
        var threshold = 0.5f * top;
        var picked = new List<int>();
        while (true)
        {
            picked.Clear();
            double mass = 0;
            for (var i = 0; i < n; i++)
            {
                if (values[i] >= threshold)
                {
                    picked.Add(i);
                    mass += values[i];
                }
            }

            if (mass >= target || threshold < 1e-38f * top)
            {
                break;
            }

            threshold /= 16;
        }

        var map = NucleusOf(picked, values, n, target);
        double kept = 0;
        foreach (var i in map)
        {
            kept += values[i];
        }

        var keptValues = Rent(map.Count);
        for (var k = 0; k < map.Count; k++)
        {
            keptValues[k] = values[map[k]];
        }

        ArrayPool<float>.Shared.Return(values);
        return new TokenMasses(keptValues, map.Count, [.. map], kept / sum);
    }
}
