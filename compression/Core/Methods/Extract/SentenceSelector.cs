namespace Compressor.Compression.Methods.Extract;

/// <summary>
/// Pure selection policy of extract. Two passes under one token budget:
/// <list type="number">
/// <item>coverage: for each required keyword not yet covered, its best carrier (by the greedy key)
/// among the units scoring at least the median, while coverage has spent at most
/// <see cref="SelectionSettings.CoverageShare"/> of the budget. Without the median floor and the cap,
/// question words shared by distractor passages would spend the budget on them first;</item>
/// <item>greedy: by key = score / (tokens + smoothing)^exponent while the budget allows. Exponent 1 is
/// the classic value-per-cost knapsack heuristic; it overrates short fragments when the value of a
/// sentence (its chance of holding the answer) grows with its length, so the default is lower.</item>
/// </list>
/// Structured blocks compete as whole units. Deterministic: ties go to the earlier unit.
/// </summary>
public static class SentenceSelector
{
    /// <summary>Indices chosen, ascending.</summary>
    /// <param name="tokens">Token count of each unit.</param>
    /// <param name="scores">Importance of each unit.</param>
    /// <param name="carriers">For each required keyword, the units that carry it.</param>
    /// <param name="budget">Tokens available.</param>
    /// <param name="settings">Separator cost, smoothing, exponent and coverage cap.</param>
    public static List<int> Select(IReadOnlyList<int> tokens, IReadOnlyList<double> scores, IReadOnlyList<IReadOnlyList<int>> carriers, int budget, SelectionSettings settings)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        ArgumentNullException.ThrowIfNull(scores);
        ArgumentNullException.ThrowIfNull(carriers);
        ArgumentNullException.ThrowIfNull(settings);
        var n = tokens.Count;
        var chosen = new bool[n];
        var used = 0;
        var count = 0;
        var keys = Enumerable.Range(0, n).Select(i => settings.Key(scores[i], tokens[i])).ToArray();

        bool TryTake(int i, int limit)
        {
            var cost = tokens[i] + (count > 0 ? settings.SeparatorCost : 0);
            if (chosen[i] || used + cost > limit)
            {
                return false;
            }

            chosen[i] = true;
            used += cost;
            count++;
            return true;
        }

        var coverageLimit = (int)Math.Floor(budget * Math.Clamp(settings.CoverageShare, 0, 1));
        if (coverageLimit > 0 && n > 0)
        {
            var median = scores.Order().ElementAt((n - 1) / 2);
            foreach (var units in carriers)
            {
                if (units.Any(u => chosen[u]))
                {
                    continue;
                }

                foreach (var u in units.Where(u => scores[u] >= median).OrderByDescending(u => keys[u]).ThenBy(u => u))
                {
                    if (TryTake(u, coverageLimit))
                    {
                        break;
                    }
                }
            }
        }

        foreach (var i in Enumerable.Range(0, n).OrderByDescending(i => keys[i]).ThenBy(i => i))
        {
            if (used >= budget)
            {
                break;
            }

            TryTake(i, budget);
        }

        return Enumerable.Range(0, n).Where(i => chosen[i]).ToList();
    }
}
