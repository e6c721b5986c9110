namespace Compressor.Constraints.Sampling;

/// <summary>
/// Adaptive weighted rejection sampling (Lipkin et al., arXiv 2504.05410): checks only the tokens it
/// draws, returns an exact sample of the distribution restricted to allowed tokens and an unbiased
/// estimate of the allowed mass w = Zp (1 - q) / (R + 1).
/// Drawing in Gumbel-max order without replacement is done lazily: the arg max of log p + G over the
/// remaining tokens is distributed as p renormalized over them, so each next token is drawn by inverse
/// CDF over block sums (<see cref="TokenMasses"/>) instead of noising and sorting all V tokens.
/// Past the rejection cap the allowed set is computed in one bulk call and the rest of the procedure
/// is simulated exactly with it (<see cref="ExactContinuation"/>): the pair (token, weight) has the
/// same distribution as without a cap, so the weight stays unbiased.
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
        using var masses = TokenMasses.Build(logits, settings.Temperature, settings.TopP);
        var cap = Math.Max(0, settings.MaxRejections);
        var total = masses.Total;
        if (!(total > 0))
        {
            return new AwrsStep(-1, double.NegativeInfinity, 0, 0, false);
        }

        var checks = 0;
        var rejections = 0;
        double rejectedMass = 0;

        // Round 1: the sample. Every rejected token leaves for good; its mass is q.
        var sample = -1;
        while (sample < 0)
        {
            if (rejections >= cap)
            {
                return ExactContinuation.Finish(masses, oracle, rng, -1, rejectedMass, checks, rejections);
            }

            var slot = masses.Find(rng.NextDouble() * masses.Remaining);
            if (slot < 0)
            {
                return new AwrsStep(-1, double.NegativeInfinity, checks, rejections, false);
            }

            checks++;
            if (oracle.IsAllowed(masses.Token(slot)))
            {
                sample = slot;
            }
            else
            {
                rejections++;
                rejectedMass += masses.Value(slot);
                masses.Remove(slot);
            }
        }

        // Round 2: fresh draws over what is left, counting rejections until one accept. Tokens seen
        // in round 1 are allowed (only the sample) or gone, so only new tokens need a check.
        while (true)
        {
            if (rejections >= cap)
            {
                return ExactContinuation.Finish(masses, oracle, rng, sample, rejectedMass, checks, rejections);
            }

            var slot = masses.Find(rng.NextDouble() * masses.Remaining);
            if (slot < 0 || slot == sample)
            {
                break;
            }

            checks++;
            if (oracle.IsAllowed(masses.Token(slot)))
            {
                break;
            }

            rejections++;
            masses.Remove(slot);
        }

        return new AwrsStep(masses.Token(sample), LogWeight(masses.Zp, rejectedMass / total, rejections), checks, rejections, false);
    }

    internal static double LogWeight(double zp, double q, int rejections) => LogWeightOf(zp, 1 - q, rejections);

    /// <summary>log(Zp (1 - q) / (R + 1)), given 1 - q directly (computed without cancellation where possible).</summary>
    internal static double LogWeightOf(double zp, double notRejected, int rejections) =>
        Math.Log(zp) + Math.Log(Math.Clamp(notRejected, 0, 1)) - Math.Log(rejections + 1);
}
