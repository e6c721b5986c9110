using Compressor.Constraints.Sampling;

namespace Compressor.Constraints.Tests.Sampling;

public class TokenMassesTests
{
    [Theory]
    [InlineData(1.0)]
    [InlineData(0.3)]
    public void Masses_are_the_scaled_exponentials_to_a_few_parts_per_million(double temperature)
    {
        var rng = new Random(5);
        var logits = new float[1003]; // not a multiple of any vector width: the scalar tail runs too
        for (var i = 0; i < logits.Length; i++)
        {
            logits[i] = (float)((rng.NextDouble() * 40) - 20);
        }

        logits[7] = float.NaN;
        logits[8] = float.NegativeInfinity;
        using var masses = TokenMasses.Build(logits, temperature, 1);
        var max = logits.Where(l => !float.IsNaN(l)).Max();
        double total = 0;
        for (var i = 0; i < logits.Length; i++)
        {
            var expected = float.IsNaN(logits[i]) ? 0 : Math.Exp((logits[i] - max) / temperature);
            total += expected;
            Assert.True(Math.Abs(masses.Value(i) - expected) <= (expected * 1e-5) + 1e-37, $"slot {i}: {masses.Value(i)} vs {expected}");
        }

        Assert.Equal(0f, masses.Value(7));
        Assert.Equal(0f, masses.Value(8));
        Assert.Equal(total, masses.Total, total * 1e-5);
        Assert.All(masses.Values.AsSpan(logits.Length, TokenMasses.Padding).ToArray(), v => Assert.Equal(0f, v));
    }
}
