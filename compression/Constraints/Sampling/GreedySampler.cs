namespace Compressor.Constraints.Sampling;

/// <summary>
/// Temperature 0: the highest-logit allowed token, checking candidates in decreasing logit order.
/// Greedy decoding is not a draw from p, so there is no importance weight to estimate: the weight is
/// 1 (log 0) for every particle, which leaves SMC resampling neutral.
/// </summary>
internal static class GreedySampler
{
    public static AwrsStep Sample(ReadOnlySpan<float> logits, ITokenOracle oracle, int cap)
    {
        // The common case: the best token is allowed. One pass, one check.
        var top = ArgMax(logits);
        if (top < 0)
        {
            return new AwrsStep(-1, double.NegativeInfinity, 0, 0, false);
        }

        if (oracle.IsAllowed(top))
        {
            return new AwrsStep(top, 0, 1, 0, false);
        }

        return SampleRanked(logits, oracle, cap, top);
    }

    private static AwrsStep SampleRanked(ReadOnlySpan<float> logits, ITokenOracle oracle, int cap, int top)
    {
        // The top (cap + 1) candidates via a size-bounded min-heap: O(V log k), no full sort.
        var k = Math.Min(logits.Length, cap + 1);
        var heap = new PriorityQueue<int, (float, int)>(k + 1);
        for (var i = 0; i < logits.Length; i++)
        {
            var l = logits[i];
            if (float.IsNegativeInfinity(l) || float.IsNaN(l))
            {
                continue;
            }

            // Ties resolve to the lower token id; the heap's minimum is the worst kept candidate.
            var key = (l, -i);
            if (heap.Count < k)
            {
                heap.Enqueue(i, key);
            }
            else if (heap.TryPeek(out _, out var worst) && Compare(key, worst) > 0)
            {
                heap.DequeueEnqueue(i, key);
            }
        }

        var ordered = new int[heap.Count];
        for (var j = ordered.Length - 1; j >= 0; j--)
        {
            ordered[j] = heap.Dequeue();
        }

        var checks = 1;
        var rejected = new HashSet<int> { top };
        foreach (var token in ordered)
        {
            if (rejected.Contains(token))
            {
                continue;
            }

            if (rejected.Count >= cap)
            {
                break;
            }

            checks++;
            if (oracle.IsAllowed(token))
            {
                return new AwrsStep(token, 0, checks, rejected.Count, false);
            }

            rejected.Add(token);
        }

        if (ordered.Length == 0)
        {
            return new AwrsStep(-1, double.NegativeInfinity, checks, 0, false);
        }

        // Mask fallback: one bulk check of everything left, then the best allowed token.
        var candidates = new List<int>();
        for (var i = 0; i < logits.Length; i++)
        {
            if (!rejected.Contains(i) && !float.IsNegativeInfinity(logits[i]) && !float.IsNaN(logits[i]))
            {
                candidates.Add(i);
            }
        }

        var allowed = new bool[candidates.Count];
        checks += oracle.CheckMany(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(candidates), allowed);
        var best = -1;
        for (var c = 0; c < candidates.Count; c++)
        {
            if (allowed[c] && (best < 0 || logits[candidates[c]] > logits[best]))
            {
                best = candidates[c];
            }
        }

        return best < 0
            ? new AwrsStep(-1, double.NegativeInfinity, checks, rejected.Count, true)
            : new AwrsStep(best, 0, checks, rejected.Count, true);
    }

    private static int ArgMax(ReadOnlySpan<float> logits)
    {
        var best = -1;
        var bestValue = float.NegativeInfinity;
        for (var i = 0; i < logits.Length; i++)
        {
            if (logits[i] > bestValue)
            {
                best = i;
                bestValue = logits[i];
            }
        }

        return best;
    }

    private static int Compare((float L, int NegI) a, (float L, int NegI) b) =>
        a.L != b.L ? a.L.CompareTo(b.L) : a.NegI.CompareTo(b.NegI);
}
