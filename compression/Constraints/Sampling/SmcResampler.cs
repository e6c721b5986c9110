namespace Compressor.Constraints.Sampling;

/// <summary>
/// Sequential Monte Carlo helpers over particle log weights: log-sum-exp normalization, effective
/// sample size and resampling (multinomial and systematic; Kitagawa 1996 for the latter).
/// </summary>
public static class SmcResampler
{
    public static double LogSumExp(ReadOnlySpan<double> logWeights)
    {
        var max = double.NegativeInfinity;
        foreach (var w in logWeights)
        {
            max = Math.Max(max, w);
        }

        if (double.IsNegativeInfinity(max))
        {
            return double.NegativeInfinity;
        }

        double sum = 0;
        foreach (var w in logWeights)
        {
            sum += Math.Exp(w - max);
        }

        return max + Math.Log(sum);
    }

    /// <summary>Writes normalized probabilities exp(w - logsumexp(w)); all zero when every weight is -inf.</summary>
    public static double Normalize(ReadOnlySpan<double> logWeights, Span<double> probabilities)
    {
        if (probabilities.Length < logWeights.Length)
        {
            throw new ArgumentException("The output span is shorter than the weights.", nameof(probabilities));
        }

        var lse = LogSumExp(logWeights);
        for (var i = 0; i < logWeights.Length; i++)
        {
            probabilities[i] = double.IsNegativeInfinity(lse) ? 0 : Math.Exp(logWeights[i] - lse);
        }

        return lse;
    }

    /// <summary>(sum w)^2 / sum w^2, between 1 and the particle count; 0 when every particle is dead.</summary>
    public static double EffectiveSampleSize(ReadOnlySpan<double> logWeights)
    {
        var probabilities = new double[logWeights.Length];
        var lse = Normalize(logWeights, probabilities);
        if (double.IsNegativeInfinity(lse))
        {
            return 0;
        }

        double sumSquares = 0;
        foreach (var p in probabilities)
        {
            sumSquares += p * p;
        }

        return 1 / sumSquares;
    }

    public static void Multinomial(ReadOnlySpan<double> logWeights, Random rng, Span<int> indices)
    {
        ArgumentNullException.ThrowIfNull(rng);
        var cumulative = Cumulative(logWeights);
        for (var k = 0; k < indices.Length; k++)
        {
            indices[k] = Locate(cumulative, rng.NextDouble());
        }
    }

    /// <summary>One uniform offset, evenly spaced points: lower variance than multinomial.</summary>
    public static void Systematic(ReadOnlySpan<double> logWeights, Random rng, Span<int> indices)
    {
        ArgumentNullException.ThrowIfNull(rng);
        var cumulative = Cumulative(logWeights);
        var u0 = rng.NextDouble();
        var j = 0;
        for (var k = 0; k < indices.Length; k++)
        {
            var u = (k + u0) / indices.Length;
            while (j < cumulative.Length - 1 && cumulative[j] <= u)
            {
                j++;
            }

            indices[k] = j;
        }
    }

    private static double[] Cumulative(ReadOnlySpan<double> logWeights)
    {
        var probabilities = new double[logWeights.Length];
        if (double.IsNegativeInfinity(Normalize(logWeights, probabilities)))
        {
            throw new InvalidOperationException("Cannot resample: every particle has zero weight.");
        }

        double acc = 0;
        for (var i = 0; i < probabilities.Length; i++)
        {
            acc += probabilities[i];
            probabilities[i] = acc;
        }

        return probabilities;
    }

    private static int Locate(double[] cumulative, double u)
    {
        var i = Array.BinarySearch(cumulative, u);
        i = i < 0 ? ~i : i + 1;
        return Math.Min(i, cumulative.Length - 1);
    }
}
