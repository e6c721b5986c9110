namespace Compressor.Constraints.Sampling;

/// <summary>
/// One draw from softmax(logits / T), optionally restricted to the top-p nucleus: the masses come
/// from the one vectorized exponentiation pass of <see cref="TokenMasses"/> and the token is found
/// by inverse CDF over its block sums. Replaces a Gumbel-max pass, which needs two logarithms and a
/// random number per vocabulary entry (milliseconds per token for a 152k vocabulary).
/// </summary>
public static class SoftmaxSampling
{
    /// <summary>The sampled token, or -1 when every logit is -inf or NaN.</summary>
    public static int Sample(ReadOnlySpan<float> logits, double temperature, double topP, Random rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        if (!(temperature > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(temperature), temperature, "sampling needs a temperature above 0 (0 is greedy)");
        }

        if (logits.IsEmpty)
        {
            return -1;
        }

        using var masses = TokenMasses.Build(logits, temperature, topP);
        if (!(masses.Total > 0))
        {
            return -1;
        }

        var slot = masses.Find(rng.NextDouble() * masses.Remaining);
        return slot < 0 ? -1 : masses.Token(slot);
    }
}
