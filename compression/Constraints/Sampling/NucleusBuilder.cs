using System.Buffers;
using System.Runtime.Intrinsics;

namespace Compressor.Constraints.Sampling;

/// <summary>
/// Turns logits into unnormalized masses exp((l - max) / T) and, for top-p below 1, keeps the smallest
/// set of most likely tokens whose mass reaches top-p. Zp is the kept share of the full mass.
/// The nucleus is found without sorting the vocabulary: gather tokens above a falling threshold
/// until they hold enough mass, then sort only those.
/// </summary>
internal static class NucleusBuilder
{
    /// <summary>Masses (rented; the Fenwick tree returns them), the token of each slot (null = identity), the slot count and Zp.</summary>
    public static (double[] Values, int[]? Map, int Count, double Zp) Build(ReadOnlySpan<float> logits, double temperature, double topP)
    {
        var n = logits.Length;
        var max = float.NegativeInfinity;
        foreach (var l in logits)
        {
            if (l > max)
            {
                max = l;
            }
        }

        var values = ArrayPool<double>.Shared.Rent(n);
        if (float.IsNegativeInfinity(max) || float.IsNaN(max))
        {
            Array.Clear(values, 0, n);
            return (values, null, n, 1);
        }

        var invT = (float)(1.0 / temperature);
        var sum = Exponentiate(logits, max, invT, values);

        if (topP >= 1 || topP <= 0)
        {
            return (values, null, n, 1);
        }

        var target = topP * sum;
        var threshold = 0.5;
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

            if (mass >= target || threshold < 1e-300)
            {
                break;
            }

            threshold /= 16;
        }

        var source = values;
        picked.Sort((a, b) => source[b].CompareTo(source[a]) is var c && c != 0 ? c : a.CompareTo(b));
        var map = new List<int>();
        double kept = 0;
        foreach (var i in picked)
        {
            map.Add(i);
            kept += values[i];
            if (kept >= target)
            {
                break;
            }
        }

        var keptValues = ArrayPool<double>.Shared.Rent(map.Count);
        for (var k = 0; k < map.Count; k++)
        {
            keptValues[k] = values[map[k]];
        }

        ArrayPool<double>.Shared.Return(values);
        return (keptValues, [.. map], map.Count, kept / sum);
    }

    /// <summary>values[i] = exp((l[i] - max) / T), eight lanes at a time where the hardware allows; returns the sum.</summary>
    private static double Exponentiate(ReadOnlySpan<float> logits, float max, float invT, double[] values)
    {
        var n = logits.Length;
        var i = 0;
        double sum = 0;
        if (Vector256.IsHardwareAccelerated && n >= Vector256<float>.Count)
        {
            var vmax = Vector256.Create(max);
            var vinv = Vector256.Create(invT);
            var acc = Vector256<double>.Zero;
            for (; i <= n - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                var e = Vector256.Exp((Vector256.Create(logits.Slice(i, Vector256<float>.Count)) - vmax) * vinv);
                var (lo, hi) = Vector256.Widen(e);
                lo.CopyTo(values, i);
                hi.CopyTo(values, i + Vector256<double>.Count);
                acc += lo + hi;
            }

            sum = Vector256.Sum(acc);
        }

        for (; i < n; i++)
        {
            var v = (double)MathF.Exp((logits[i] - max) * invT);
            values[i] = v;
            sum += v;
        }

        return sum;
    }
}
