namespace Compressor.Compression.Methods.Extract;

/// <summary>
/// Pure selection policy of extract: first the best sentence for each required keyword not yet
/// covered (when it fits), then greedily by score per token (score / (tokens + smoothing)) while
/// the budget allows; structured blocks compete as whole units.
/// </summary>
public static class SentenceSelector
{
    /// <summary>Indices chosen, ascending.</summary>
    /// <param name="tokens">Token count of each unit.</param>
    /// <param name="scores">Importance of each unit.</param>
    /// <param name="carriers">For each required keyword, the units that carry it.</param>
    /// <param name="budget">Tokens available.</param>
    /// <param name="separatorCost">Tokens a separator between two units costs.</param>
    /// <param name="smoothing">Added to the token count in the greedy key.</param>
    public static List<int> Select(IReadOnlyList<int> tokens, IReadOnlyList<double> scores, IReadOnlyList<IReadOnlyList<int>> carriers, int budget, int separatorCost, double smoothing)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        ArgumentNullException.ThrowIfNull(scores);
        ArgumentNullException.ThrowIfNull(carriers);
        var chosen = new bool[tokens.Count];
        var used = 0;
        var count = 0;

        bool TryTake(int i)
        {
            var cost = tokens[i] + (count > 0 ? separatorCost : 0);
            if (chosen[i] || used + cost > budget)
            {
                return false;
            }

            chosen[i] = true;
            used += cost;
            count++;
            return true;
        }

        foreach (var units in carriers)
        {
            if (units.Any(u => chosen[u]))
            {
                continue;
            }

            foreach (var u in units.OrderByDescending(u => scores[u] / (tokens[u] + smoothing)).ThenBy(u => u))
            {
                if (TryTake(u))
                {
                    break;
                }
            }
        }

        var keys = Enumerable.Range(0, tokens.Count).Select(i => scores[i] / (tokens[i] + smoothing)).ToArray();
        foreach (var i in Enumerable.Range(0, tokens.Count).OrderByDescending(i => keys[i]))
        {
            if (used >= budget)
            {
                break;
            }

            TryTake(i);
        }

        return Enumerable.Range(0, tokens.Count).Where(i => chosen[i]).ToList();
    }
}
