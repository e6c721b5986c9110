namespace Compressor.Constraints.Sampling;

/// <summary>
/// Adaptive weighted rejection sampling (Lipkin et al., arXiv 2504.05410): checks only the tokens it
/// draws, returns an exact sample of the distribution restricted to allowed tokens and an unbiased
/// estimate of the allowed mass w = Zp (1 - q) / (R + 1).
/// Drawing in Gumbel-max order without replacement is done lazily: the arg max of log p + G over the
/// remaining tokens is distributed as p renormalized over them, so each next token is drawn by inverse
/// CDF over block sums (<see cref="TokenMasses"/>) instead of noising and sorting all V tokens.
/// Draws are checked in batches: the sequence of draws up to the first accepted one is a sequence of
/// draws without replacement whatever the answers, so the next few draws are made ahead, checked in
/// one oracle call (llama.cpp's grammar costs about 5 us a call and 0.1-2 us a candidate), and the
/// draws after the first accepted one are put back (see <see cref="Drawn"/>): the same outcome as
/// drawing and checking one at a time. The first draw of each round is checked alone, as most are accepted.
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
        var drawn = new Drawn(Math.Min(cap, MaxBatch));

        // Round 1: the sample. Every rejected token leaves for good; its mass is q.
        var sample = -1;
        for (var batch = 1; sample < 0; batch = NextBatch(batch))
        {
            if (rejections >= cap)
            {
                return ExactContinuation.Finish(masses, oracle, rng, -1, rejectedMass, checks, rejections);
            }

            drawn.Draw(masses, rng, Math.Min(batch, cap - rejections), stopAt: -1);
            if (drawn.Count == 0)
            {
                return new AwrsStep(-1, double.NegativeInfinity, checks, rejections, false);
            }

            checks += drawn.Check(oracle);
            var accepted = drawn.FirstAllowed();
            rejections += accepted < 0 ? drawn.Count : accepted;
            rejectedMass += drawn.MassBefore(accepted < 0 ? drawn.Count : accepted);
            if (accepted >= 0)
            {
                sample = drawn.Slot(accepted);
                drawn.PutBack(masses, from: accepted); // the sample stays in play for round 2
            }
        }

        // Round 2: fresh draws over what is left, counting rejections until one accept. Tokens seen
        // in round 1 are allowed (only the sample) or gone, so only new tokens need a check; drawing
        // the sample ends the round without one.
        for (var batch = 1; ; batch = NextBatch(batch))
        {
            if (rejections >= cap)
            {
                return ExactContinuation.Finish(masses, oracle, rng, sample, rejectedMass, checks, rejections);
            }

            drawn.Draw(masses, rng, Math.Min(batch, cap - rejections), stopAt: sample);
            checks += drawn.Check(oracle);
            var accepted = drawn.FirstAllowed();
            rejections += accepted < 0 ? drawn.Count : accepted;
            if (accepted >= 0)
            {
                drawn.PutBack(masses, from: accepted);
                break;
            }

            if (drawn.HitStop || drawn.Count == 0)
            {
                break;
            }
        }

        return new AwrsStep(masses.Token(sample), LogWeight(masses.Zp, rejectedMass / total, rejections), checks, rejections, false);
    }

    /// <summary>Draws checked together: 1, then 7, then up to <see cref="MaxBatch"/> (an oracle may do more for a long step: see GrammarOracle).</summary>
    private static int NextBatch(int batch) => batch == 1 ? 7 : MaxBatch;

    /// <summary>The largest batch of speculative draws checked in one oracle call.</summary>
    internal const int MaxBatch = 64;

    internal static double LogWeight(double zp, double q, int rejections) => LogWeightOf(zp, 1 - q, rejections);

    /// <summary>log(Zp (1 - q) / (R + 1)), given 1 - q directly (computed without cancellation where possible).</summary>
    internal static double LogWeightOf(double zp, double notRejected, int rejections) =>
        Math.Log(zp) + Math.Log(Math.Clamp(notRejected, 0, 1)) - Math.Log(rejections + 1);
}
