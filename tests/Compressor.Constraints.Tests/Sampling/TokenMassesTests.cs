using Compressor.Constraints.Sampling;

namespace Compressor.Constraints.Tests.Sampling;

public class TokenMassesTests
{
    [Theory]
    [InlineData(1.0, 0)]
    [InlineData(0.3, 0)]
    [InlineData(1.0, 80)] // one logit far above every sampled one: the one-pass guess fails and the exact maximum is used
    [InlineData(0.3, 15)]
    [InlineData(1.0, 1003)] // the largest logit is in the scalar tail
    public void Masses_are_proportional_to_the_scaled_exponentials_to_a_few_parts_per_million(double temperature, int spike)
    {
        var rng = new Random(5);
        var logits = new float[1003]; // not a multiple of any vector width: the scalar tail runs too
        for (var i = 0; i < logits.Length; i++)
        {
            logits[i] = (float)((rng.NextDouble() * 40) - 20);
        }

        logits[7] = float.NaN;
        logits[8] = float.NegativeInfinity;
        if (spike == logits.Length)
        {
            logits[^1] = 25;
        }
        else if (spike > 0)
        {
            logits[500] = 20 + spike; // not a multiple of the sampling stride
        }

        using var masses = TokenMasses.Build(logits, temperature, 1);
        var max = logits.Where(l => !float.IsNaN(l)).Max();
        var top = Array.IndexOf(logits, max);
        double total = 0;
        for (var i = 0; i < logits.Length; i++)
        {
            // Masses are relative to a shift near the maximum, not to the maximum itself: compare ratios.
            var expected = float.IsNaN(logits[i]) ? 0 : Math.Exp((logits[i] - max) / temperature);
            var ratio = masses.Value(i) / (double)masses.Value(top);
            total += expected;
            Assert.True(Math.Abs(ratio - expected) <= (expected * 1e-5) + 1e-30, $"slot {i}: {ratio} vs {expected}");
        }

        Assert.True(float.IsFinite(masses.Value(top)) && masses.Value(top) < 1e20f, $"largest mass {masses.Value(top)}");
        Assert.Equal(0f, masses.Value(7));
        Assert.Equal(0f, masses.Value(8));
        Assert.Equal(total, masses.Total / masses.Value(top), total * 1e-5);
        Assert.All(masses.Values.AsSpan(logits.Length, TokenMasses.Padding).ToArray(), v => Assert.Equal(0f, v));
    }

    [Fact]
    public void Logits_that_are_all_minus_infinity_or_nan_give_no_mass_and_an_infinite_one_is_not_taken_as_a_shift()
    {
        var dead = new float[100];
        Array.Fill(dead, float.NegativeInfinity);
        dead[3] = float.NaN;
        using (var masses = TokenMasses.Build(dead, 1, 1))
        {
            Assert.Equal(0, masses.Total);
        }

        var rng = new Random(2);
        var logits = Enumerable.Range(0, 300).Select(_ => (float)rng.NextDouble()).ToArray();
        logits[122] = float.PositiveInfinity;
        using var withInfinity = TokenMasses.Build(logits, 1, 1);
        Assert.All(Enumerable.Range(0, 300), i => Assert.False(float.IsNaN(withInfinity.Value(i)) || float.IsPositiveInfinity(withInfinity.Value(i))));
    }

    [Theory]
    [InlineData(0.9, 5000, 0.5)] // flat: the nucleus is most of the vocabulary (the weighted selection's deep case)
    [InlineData(0.9, 5000, 20)] // peaked: a handful of tokens
    [InlineData(0.5, 40, 3)]
    [InlineData(0.999, 3000, 4)]
    public void The_nucleus_is_the_most_likely_prefix_reaching_top_p(double topP, int size, double spread)
    {
        var rng = new Random(size + (int)(spread * 10));
        var logits = new float[size];
        for (var i = 0; i < size; i++)
        {
            // Rounded to a coarse grid so that many masses tie (ties go to the lower token id).
            logits[i] = MathF.Round((float)(rng.NextDouble() * spread), 1);
        }

        using var masses = TokenMasses.Build(logits, 1, topP);
        using var all = TokenMasses.Build(logits, 1, 1);
        var order = Enumerable.Range(0, size).OrderByDescending(i => all.Value(i)).ThenBy(i => i).ToList();
        var target = topP * all.Total;
        var expected = new List<int>();
        double kept = 0;
        foreach (var i in order)
        {
            expected.Add(i);
            kept += all.Value(i);
            if (kept >= target)
            {
                break;
            }
        }

        var actual = Enumerable.Range(0, masses.Count).Select(masses.Token).Order().ToList();
        Assert.Equal(expected.Order(), actual);
        Assert.Equal(kept / all.Total, masses.Zp, 1e-6); // the same float masses summed in another order
        for (var slot = 0; slot < masses.Count; slot++)
        {
            Assert.Equal(all.Value(masses.Token(slot)), masses.Value(slot));
        }
    }
}
