namespace Compressor.Compression.Chunking;

/// <summary>
/// Pure chunk boundary policy (SCOPE optimizations 1 and 2): cut where adjacent similarity drops
/// below the threshold or into the text's lowest percentile, split chunks over the maximum at their
/// weakest boundary, merge chunks under the minimum into their more similar neighbour. Atomic units
/// (structured blocks) always stand alone; a unit that opens a section always starts a chunk.
/// </summary>
public static class ChunkPlanner
{
    /// <summary>Groups of consecutive units as (first index, count), in order, covering every unit once.</summary>
    public static List<(int First, int Count)> Plan(IReadOnlyList<ChunkUnit> units, IReadOnlyList<double> adjacent, ChunkingOptions options)
    {
        ArgumentNullException.ThrowIfNull(units);
        ArgumentNullException.ThrowIfNull(adjacent);
        ArgumentNullException.ThrowIfNull(options);
        var n = units.Count;
        if (n == 0)
        {
            return [];
        }

        // strength[i] is the glue between unit i and i+1: NaN = never joined, -1 = section start.
        var strength = new double[n - 1];
        var prose = new List<double>();
        for (var i = 0; i < n - 1; i++)
        {
            strength[i] = units[i].Atomic || units[i + 1].Atomic ? double.NaN
                : units[i + 1].OpensSection ? -1
                : adjacent[i];
            if (!double.IsNaN(strength[i]) && strength[i] >= 0)
            {
                prose.Add(strength[i]);
            }
        }

        var cutBelow = Percentile(prose, options.Percentile);
        var starts = new List<int> { 0 };
        for (var i = 0; i < n - 1; i++)
        {
            var s = strength[i];
            if (double.IsNaN(s) || s < 0 || s < options.Threshold || s <= cutBelow)
            {
                starts.Add(i + 1);
            }
        }

        var groups = new List<(int First, int Count)>();
        for (var g = 0; g < starts.Count; g++)
        {
            var end = g + 1 < starts.Count ? starts[g + 1] : n;
            SplitHuge(units, strength, starts[g], end - starts[g], options.MaxTokens, groups);
        }

        MergeTiny(units, strength, groups, options);
        return groups;
    }

    private static void SplitHuge(IReadOnlyList<ChunkUnit> units, double[] strength, int first, int count, int max, List<(int, int)> output)
    {
        if (count <= 1 || units[first].Atomic || Tokens(units, first, count) <= max)
        {
            output.Add((first, count));
            return;
        }

        var weakest = first;
        for (var i = first + 1; i < first + count - 1; i++)
        {
            if (strength[i] < strength[weakest])
            {
                weakest = i;
            }
        }

        SplitHuge(units, strength, first, weakest - first + 1, max, output);
        SplitHuge(units, strength, weakest + 1, first + count - weakest - 1, max, output);
    }

    private static void MergeTiny(IReadOnlyList<ChunkUnit> units, double[] strength, List<(int First, int Count)> groups, ChunkingOptions options)
    {
        while (true)
        {
            var best = -1;
            var bestTokens = int.MaxValue;
            var bestWithNext = false;
            for (var g = 0; g < groups.Count; g++)
            {
                var (first, count) = groups[g];
                var tokens = Tokens(units, first, count);
                if (units[first].Atomic || tokens >= options.MinTokens || tokens >= bestTokens)
                {
                    continue;
                }

                var left = g > 0 ? Glue(units, strength, groups[g - 1], groups[g], options.MaxTokens) : double.NaN;
                var right = g + 1 < groups.Count ? Glue(units, strength, groups[g], groups[g + 1], options.MaxTokens) : double.NaN;
                if (double.IsNaN(left) && double.IsNaN(right))
                {
                    continue;
                }

                best = g;
                bestTokens = tokens;
                bestWithNext = double.IsNaN(left) || (!double.IsNaN(right) && right > left);
            }

            if (best < 0)
            {
                return;
            }

            var a = bestWithNext ? best : best - 1;
            groups[a] = (groups[a].First, groups[a].Count + groups[a + 1].Count);
            groups.RemoveAt(a + 1);
        }
    }

    /// <summary>How well two adjacent groups join; NaN when they may not (atomic, or too big together).</summary>
    private static double Glue(IReadOnlyList<ChunkUnit> units, double[] strength, (int First, int Count) a, (int First, int Count) b, int max)
    {
        if (units[a.First].Atomic || units[b.First].Atomic || Tokens(units, a.First, a.Count) + Tokens(units, b.First, b.Count) > max)
        {
            return double.NaN;
        }

        return strength[b.First - 1];
    }

    private static int Tokens(IReadOnlyList<ChunkUnit> units, int first, int count)
    {
        var sum = 0;
        for (var i = first; i < first + count && sum < int.MaxValue / 2; i++)
        {
            sum += units[i].Tokens;
        }

        return sum;
    }

    /// <summary>The value at fraction p of the sorted values (nearest rank); -inf when there are none.</summary>
    public static double Percentile(IReadOnlyList<double> values, double p)
    {
        if (values.Count == 0 || p <= 0)
        {
            return double.NegativeInfinity;
        }

        var sorted = values.OrderBy(v => v).ToArray();
        var rank = Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1);
        return sorted[rank];
    }
}
