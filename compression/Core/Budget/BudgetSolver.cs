namespace Compressor.Compression.Budget;

/// <summary>
/// Per-chunk token targets under one budget (SCOPE optimizations 3 and 4: dynamic ratio and
/// prioritization). Each compressible chunk keeps ratio_i = clamp(lambda * w_i, floor_i, 1) with
/// w_i = (0.2 + importance_i)^sharpness, lambda the largest value whose total fits; leftover tokens
/// go to the most important chunks not yet whole. When even the floors do not fit, the least
/// important chunks are dropped (target 0) first. Pure: sum of targets &lt;= budget, more important
/// chunks keep a larger share, and a larger budget never lowers the total or drops more.
/// </summary>
public static class BudgetSolver
{
    public static int[] Solve(IReadOnlyList<BudgetItem> items, int budget, BudgetOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(items);
        var o = options ?? BudgetOptions.Default;
        var n = items.Count;
        var targets = new int[n];
        if (n == 0 || budget <= 0)
        {
            return targets;
        }

        var floors = items.Select(i => Floor(i, o)).ToArray();
        var active = new bool[n];
        Array.Fill(active, true);

        // Least important first; among equals, the later chunk goes first.
        var dropOrder = Enumerable.Range(0, n).OrderBy(i => items[i].Importance).ThenByDescending(i => i).ToArray();
        var minimum = floors.Sum(f => (long)f);
        foreach (var i in dropOrder)
        {
            if (minimum <= budget)
            {
                break;
            }

            active[i] = false;
            minimum -= floors[i];
        }

        var weights = items.Select(i => Math.Pow(0.2 + Math.Clamp(i.Importance, 0, 1), o.Sharpness)).ToArray();
        long Total(double lambda)
        {
            long sum = 0;
            for (var i = 0; i < n; i++)
            {
                sum += active[i] ? Target(items[i], floors[i], lambda * weights[i]) : 0;
            }

            return sum;
        }

        double lo = 0, hi = 1 / weights.Min();
        if (Total(hi) <= budget)
        {
            lo = hi;
        }
        else
        {
            for (var iteration = 0; iteration < 60; iteration++)
            {
                var mid = (lo + hi) / 2;
                if (Total(mid) <= budget)
                {
                    lo = mid;
                }
                else
                {
                    hi = mid;
                }
            }
        }

        long total = 0;
        for (var i = 0; i < n; i++)
        {
            targets[i] = active[i] ? Target(items[i], floors[i], lo * weights[i]) : 0;
            total += targets[i];
        }

        // Rounding leaves a few tokens; give them to the most important chunks that are not whole.
        var slack = budget - total;
        foreach (var i in Enumerable.Range(0, n).OrderByDescending(i => items[i].Importance).ThenBy(i => i))
        {
            if (slack <= 0)
            {
                break;
            }

            if (active[i] && items[i].Compressible && targets[i] < items[i].Tokens)
            {
                var add = (int)Math.Min(slack, items[i].Tokens - targets[i]);
                targets[i] += add;
                slack -= add;
            }
        }

        return targets;
    }

    /// <summary>The fewest tokens a kept chunk gets: all of a verbatim chunk, else the larger of the ratio and token floors.</summary>
    public static int Floor(BudgetItem item, BudgetOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!item.Compressible || item.Tokens <= options.MinChunkTokens)
        {
            return item.Tokens;
        }

        return Math.Min(item.Tokens, Math.Max(options.MinChunkTokens, (int)Math.Ceiling(item.Tokens * options.MinKeepRatio)));
    }

    private static int Target(BudgetItem item, int floor, double ratio) =>
        !item.Compressible ? item.Tokens : Math.Clamp((int)Math.Floor(ratio * item.Tokens), floor, item.Tokens);
}
