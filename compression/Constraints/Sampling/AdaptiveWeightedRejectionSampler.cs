using System.Buffers;

namespace Compressor.Constraints.Sampling;

/// <summary>
/// Adaptive weighted rejection sampling (Lipkin et al., arXiv 2504.05410): checks only the tokens it
/// draws, returns an exact sample of the distribution restricted to allowed tokens and an unbiased
/// estimate of the allowed mass w = Zp (1 - q) / (R + 1).
/// Drawing in Gumbel-max order without replacement is done lazily: the arg max of log p + G over the
/// remaining tokens is distributed as p renormalized over them, so each next token is drawn by inverse
/// CDF on a Fenwick tree (O(log V) per draw, O(V) per step, no sort) instead of noising all V tokens.
/// </summary>
public static class AdaptiveWeightedRejectionSampler
{
    public static AwrsStep Sample(ReadOnlySpan<float> logits, ITokenOracle oracle, SamplerSettings settings, Random rng)
    {
        ArgumentNullException.ThrowIfNull(oracle);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(rng);
        if (logits.IsEmpty)
        {
            return new AwrsStep(-1, double.NegativeInfinity, 0, 0, false);
        }

        return settings.Temperature <= 0
            ? GreedySampler.Sample(logits, oracle, Math.Max(0, settings.MaxRejections))
            : SampleStochastic(logits, oracle, settings, rng);
    }

    private static AwrsStep SampleStochastic(ReadOnlySpan<float> logits, ITokenOracle oracle, SamplerSettings settings, Random rng)
    {
        var (values, map, count, zp) = NucleusBuilder.Build(logits, settings.Temperature, settings.TopP);
        using var tree = new FenwickTree(values, count);
        var cap = Math.Max(0, settings.MaxRejections);
        var total = tree.Total;
        var known = new Dictionary<int, bool>();
        var checks = 0;
        var rejections = 0;
        double rejectedMass = 0;

        bool Check(int index)
        {
            var token = map is null ? index : map[index];
            if (!known.TryGetValue(token, out var allowed))
            {
                allowed = oracle.IsAllowed(token);
                known[token] = allowed;
                checks++;
            }

            return allowed;
        }

        // Round 1: the sample. Every rejected token leaves for good; its mass is q.
        var sample = -1;
        while (sample < 0)
        {
            if (rejections >= cap)
            {
                return MaskFallback(tree, map, Check, rng, zp, total, needSample: true, -1, ref checks, rejections);
            }

            var index = tree.Find(rng.NextDouble() * tree.Total);
            if (index < 0)
            {
                return new AwrsStep(-1, double.NegativeInfinity, checks, rejections, false);
            }

            if (Check(index))
            {
                sample = index;
            }
            else
            {
                rejections++;
                rejectedMass += tree.Value(index);
                tree.Remove(index);
            }
        }

        // Round 2: fresh draws over what is left, counting rejections until one accept.
        while (true)
        {
            if (rejections >= cap)
            {
                return MaskFallback(tree, map, Check, rng, zp, total, needSample: false, sample, ref checks, rejections);
            }

            var index = tree.Find(rng.NextDouble() * tree.Total);
            if (index < 0 || Check(index))
            {
                break;
            }

            rejections++;
            tree.Remove(index);
        }

        var q = rejectedMass / total;
        var logWeight = Math.Log(zp) + Math.Log(Math.Max(0, 1 - q)) - Math.Log(rejections + 1);
        return new AwrsStep(map is null ? sample : map[sample], logWeight, checks, rejections, false);
    }

    /// <summary>Past the rejection cap: check every remaining candidate; the weight is then the exact allowed mass.</summary>
    private static AwrsStep MaskFallback(
        FenwickTree tree, int[]? map, Func<int, bool> check, Random rng, double zp, double total, bool needSample, int sample, ref int checks, int rejections)
    {
        double allowedMass = 0;
        var allowed = new List<int>();
        for (var i = 0; i < tree.Count; i++)
        {
            if (tree.Value(i) > 0 && check(i))
            {
                allowed.Add(i);
                allowedMass += tree.Value(i);
            }
        }

        if (allowedMass <= 0)
        {
            return new AwrsStep(-1, double.NegativeInfinity, checks, rejections, true);
        }

        if (needSample)
        {
            var u = rng.NextDouble() * allowedMass;
            sample = allowed[^1];
            foreach (var i in allowed)
            {
                u -= tree.Value(i);
                if (u < 0)
                {
                    sample = i;
                    break;
                }
            }
        }

        var logWeight = Math.Log(zp) + Math.Log(allowedMass / total);
        return new AwrsStep(map is null ? sample : map[sample], logWeight, checks, rejections, true);
    }
}
