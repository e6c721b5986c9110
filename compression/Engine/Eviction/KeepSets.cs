namespace Compressor.Engine.Eviction;

/// <summary>
/// The policies as pure functions: scores (one per cached token, in position order) to the sorted
/// indices of the tokens to keep. Protected head and tail tokens are always kept; ties go to the
/// earlier token so choices are deterministic.
/// </summary>
public static class KeepSets
{
    /// <summary>Attention sinks kept by <see cref="EvictionPolicy.Streaming"/> (StreamingLLM uses 4).</summary>
    public const int Sinks = 4;

    /// <summary>SnapKV's 1-D average-pool kernel.</summary>
    public const int PoolKernel = 5;

    public static int[] Select(EvictionPolicy policy, ReadOnlySpan<float> scores, KeepConstraints constraints, int seed = 0) => policy switch
    {
        EvictionPolicy.SnapKv => SnapKv(scores, constraints),
        EvictionPolicy.Streaming => Streaming(constraints),
        EvictionPolicy.H2O or EvictionPolicy.Frequency => TopK(scores, constraints),
        _ => Random(constraints, seed),
    };

    /// <summary>SnapKV: window votes smoothed with an average pool, the top ones plus the protected window.</summary>
    public static int[] SnapKv(ReadOnlySpan<float> votes, KeepConstraints constraints, int kernel = PoolKernel) =>
        TopK(AveragePool(votes, kernel), constraints);

    /// <summary>StreamingLLM: the first <see cref="Sinks"/> (or protected head, if longer) tokens plus the most recent.</summary>
    public static int[] Streaming(KeepConstraints constraints)
    {
        constraints.Validate();
        if (constraints.Keep >= constraints.Count)
        {
            return All(constraints.Count);
        }

        var head = Math.Min(Math.Max(constraints.ProtectedHead, Sinks), constraints.Keep - constraints.ProtectedTail);
        var keep = new int[constraints.Keep];
        for (var i = 0; i < head; i++)
        {
            keep[i] = i;
        }

        var recent = constraints.Keep - head;
        for (var i = 0; i < recent; i++)
        {
            keep[head + i] = constraints.Count - recent + i;
        }

        return keep;
    }

    /// <summary>Heavy hitters (H2O) and any other plain score: the highest scores plus the protected head and tail.</summary>
    public static int[] TopK(ReadOnlySpan<float> scores, KeepConstraints constraints)
    {
        constraints.Validate();
        if (scores.Length != constraints.Count)
        {
            throw new ArgumentException($"{scores.Length} scores for {constraints.Count} tokens", nameof(scores));
        }

        if (constraints.Keep >= constraints.Count)
        {
            return All(constraints.Count);
        }

        var (head, tail) = (constraints.ProtectedHead, constraints.ProtectedTail);
        var values = scores.ToArray();
        var chosen = Enumerable.Range(head, constraints.Count - head - tail)
            .Select(i => (Index: i, Score: float.IsNaN(values[i]) ? float.NegativeInfinity : values[i]))
            .OrderByDescending(e => e.Score).ThenBy(e => e.Index)
            .Take(constraints.Keep - head - tail).Select(e => e.Index);
        return [.. Enumerable.Range(0, head).Concat(chosen).Concat(Enumerable.Range(constraints.Count - tail, tail)).Order()];
    }

    /// <summary>A seeded uniform choice among the unprotected tokens (control).</summary>
    public static int[] Random(KeepConstraints constraints, int seed)
    {
        constraints.Validate();
        if (constraints.Keep >= constraints.Count)
        {
            return All(constraints.Count);
        }

        var (head, tail) = (constraints.ProtectedHead, constraints.ProtectedTail);
        var middle = Enumerable.Range(head, constraints.Count - head - tail).ToArray();
        new System.Random(seed).Shuffle(middle);
        return [.. Enumerable.Range(0, head).Concat(middle.Take(constraints.Keep - head - tail))
            .Concat(Enumerable.Range(constraints.Count - tail, tail)).Order()];
    }

    /// <summary>Centered 1-D average pool, same length; the window shrinks at the edges (no zero padding).</summary>
    public static float[] AveragePool(ReadOnlySpan<float> values, int kernel)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(kernel, 1);
        var result = new float[values.Length];
        var half = kernel / 2;
        for (var i = 0; i < values.Length; i++)
        {
            var (lo, hi) = (Math.Max(0, i - half), Math.Min(values.Length - 1, i + half));
            var sum = 0.0;
            for (var j = lo; j <= hi; j++)
            {
                sum += values[j];
            }

            result[i] = (float)(sum / (hi - lo + 1));
        }

        return result;
    }

    private static int[] All(int count) => [.. Enumerable.Range(0, count)];
}
