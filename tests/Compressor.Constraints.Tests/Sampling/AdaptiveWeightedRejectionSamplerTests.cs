using System.Diagnostics;
using Compressor.Constraints.Sampling;
using Xunit.Abstractions;

namespace Compressor.Constraints.Tests.Sampling;

public class AdaptiveWeightedRejectionSamplerTests(ITestOutputHelper output)
{
    private static readonly float[] Logits = [2.0f, 1.5f, 0.3f, -1f, 0.8f, 3.1f, -0.2f, 1.1f, 0.0f, -2.5f, 2.2f, 0.4f, -0.7f, 1.9f, 0.6f, -1.4f, 2.7f, 0.1f, -0.3f, 1.3f];
    private static readonly HashSet<int> Allowed = [1, 3, 4, 8, 9, 12, 14, 19];

    private static double[] Probabilities(float[] logits, double temperature = 1)
    {
        var max = logits.Max();
        var w = logits.Select(l => Math.Exp((l - max) / temperature)).ToArray();
        var s = w.Sum();
        return w.Select(x => x / s).ToArray();
    }

    /// <summary>Upper (1 - 0.001) chi-square quantile by the Wilson-Hilferty approximation.</summary>
    private static double ChiSquareCritical(int df)
    {
        const double z = 3.090232;
        var a = 2.0 / (9 * df);
        return df * Math.Pow(1 - a + (z * Math.Sqrt(a)), 3);
    }

    [Theory]
    [InlineData(1.0, 64)]
    [InlineData(0.7, 64)]
    [InlineData(1.0, 3)]
    public void Samples_match_the_exact_constrained_distribution_and_weights_match_its_mass(double temperature, int cap)
    {
        var p = Probabilities(Logits, temperature);
        var z = Allowed.Sum(i => p[i]);
        var rng = new Random(12345);
        const int n = 40_000;
        var counts = new int[Logits.Length];
        var weights = new double[n];
        for (var k = 0; k < n; k++)
        {
            var step = AdaptiveWeightedRejectionSampler.Sample(Logits, new FakeOracle(Allowed.Contains), new SamplerSettings(temperature, 1.0, cap), rng);
            Assert.Contains(step.Token, Allowed);
            counts[step.Token]++;
            weights[k] = Math.Exp(step.LogWeight);
        }

        var chi2 = Allowed.Sum(i => Math.Pow(counts[i] - (n * p[i] / z), 2) / (n * p[i] / z));
        var critical = ChiSquareCritical(Allowed.Count - 1);
        output.WriteLine($"T={temperature} cap={cap}: chi2 {chi2:F2} (critical {critical:F2}), Z {z:F5}, mean weight {weights.Average():F5}");
        Assert.True(chi2 < critical, $"chi2 {chi2} >= {critical}");
        var mean = weights.Average();
        var se = Math.Sqrt(weights.Sum(w => (w - mean) * (w - mean)) / (n - 1) / n);
        // Unbiased with or without the cap: past the cap the rest of the step is simulated exactly.
        Assert.True(Math.Abs(mean - z) < (4 * se) + 1e-12, $"mean {mean} vs Z {z} (se {se})");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(8)]
    public void Capped_steps_stay_exact_on_a_wide_flat_distribution(int cap)
    {
        // Thousands of disallowed tokens, hundreds of them rejected per step: the bulk simulation of
        // the arrivals (vectorized bounds, exact decisions) carries the whole weight.
        const int vocab = 3000;
        var setup = new Random(11);
        var logits = new float[vocab];
        for (var i = 0; i < vocab; i++)
        {
            logits[i] = (float)(1.5 * Math.Sqrt(-2 * Math.Log(1 - setup.NextDouble())) * Math.Cos(2 * Math.PI * setup.NextDouble()));
        }

        var allowed = Enumerable.Range(0, 12).Select(_ => setup.Next(vocab)).ToHashSet();
        var p = Probabilities(logits);
        var z = allowed.Sum(i => p[i]);
        var rng = new Random(77);
        const int n = 30_000;
        var counts = new int[vocab];
        var weights = new double[n];
        var capped = 0;
        for (var k = 0; k < n; k++)
        {
            var step = AdaptiveWeightedRejectionSampler.Sample(logits, new FakeOracle(allowed.Contains), new SamplerSettings(1.0, 1.0, cap), rng);
            Assert.Contains(step.Token, allowed);
            counts[step.Token]++;
            weights[k] = Math.Exp(step.LogWeight);
            capped += step.MaskFallback ? 1 : 0;
        }

        var chi2 = allowed.Sum(i => Math.Pow(counts[i] - (n * p[i] / z), 2) / (n * p[i] / z));
        var critical = ChiSquareCritical(allowed.Count - 1);
        var mean = weights.Average();
        var se = Math.Sqrt(weights.Sum(w => (w - mean) * (w - mean)) / (n - 1) / n);
        output.WriteLine($"cap {cap}: {capped} of {n} capped, chi2 {chi2:F2} (critical {critical:F2}), Z {z:F6}, mean weight {mean:F6} (se {se:F6})");
        Assert.True(capped > n / 2);
        Assert.True(chi2 < critical, $"chi2 {chi2} >= {critical}");
        Assert.True(Math.Abs(mean - z) < 4 * se, $"mean {mean} vs Z {z} (se {se})");
    }

    [Fact]
    public void Top_p_restricts_to_the_nucleus_and_the_weight_estimates_the_kept_allowed_mass()
    {
        var p = Probabilities(Logits);
        var order = Enumerable.Range(0, p.Length).OrderByDescending(i => p[i]).ToList();
        var nucleus = new HashSet<int>();
        double acc = 0;
        foreach (var i in order)
        {
            nucleus.Add(i);
            acc += p[i];
            if (acc >= 0.9)
            {
                break;
            }
        }

        var target = nucleus.Where(Allowed.Contains).Sum(i => p[i]);
        var rng = new Random(99);
        var weights = new List<double>();
        for (var k = 0; k < 20_000; k++)
        {
            var step = AdaptiveWeightedRejectionSampler.Sample(Logits, new FakeOracle(Allowed.Contains), new SamplerSettings(1.0, 0.9, 64), rng);
            Assert.Contains(step.Token, nucleus);
            Assert.Contains(step.Token, Allowed);
            weights.Add(Math.Exp(step.LogWeight));
        }

        var mean = weights.Average();
        var se = Math.Sqrt(weights.Sum(w => (w - mean) * (w - mean)) / (weights.Count - 1) / weights.Count);
        Assert.True(Math.Abs(mean - target) < 4 * se, $"{mean} vs {target}");
    }

    [Fact]
    public void No_allowed_token_kills_the_particle()
    {
        var step = AdaptiveWeightedRejectionSampler.Sample(Logits, new FakeOracle(_ => false), SamplerSettings.Default, new Random(1));
        Assert.Equal(-1, step.Token);
        Assert.True(double.IsNegativeInfinity(step.LogWeight));
        var greedy = AdaptiveWeightedRejectionSampler.Sample(Logits, new FakeOracle(_ => false), new SamplerSettings(0), new Random(1));
        Assert.Equal(-1, greedy.Token);
    }

    [Fact]
    public void The_rejection_cap_falls_back_to_one_bulk_check()
    {
        var rng = new Random(5);
        var oracle = new FakeOracle(Allowed.Contains);
        var step = AdaptiveWeightedRejectionSampler.Sample(Logits, oracle, new SamplerSettings(1.0, 1.0, 0), rng);
        Assert.True(step.MaskFallback);
        Assert.Contains(step.Token, Allowed);
        Assert.True(double.IsFinite(step.LogWeight) && step.LogWeight <= 0);
        Assert.Equal(Logits.Length, step.Checks);
        Assert.Equal(oracle.Calls, step.Checks);
    }

    [Fact]
    public void Greedy_takes_the_best_allowed_token()
    {
        var step = AdaptiveWeightedRejectionSampler.Sample(Logits, new FakeOracle(Allowed.Contains), new SamplerSettings(0), new Random(1));
        Assert.Equal(1, step.Token); // allowed logits: 1.5 (token 1) beats 1.3 (token 19) and the rest
    }

    [Fact]
    public void Is_deterministic_for_a_seed()
    {
        var a = Enumerable.Range(0, 50).Select(_ => 0).ToList();
        var r1 = new Random(42);
        var r2 = new Random(42);
        for (var k = 0; k < 50; k++)
        {
            var s1 = AdaptiveWeightedRejectionSampler.Sample(Logits, new FakeOracle(Allowed.Contains), SamplerSettings.Default, r1);
            var s2 = AdaptiveWeightedRejectionSampler.Sample(Logits, new FakeOracle(Allowed.Contains), SamplerSettings.Default, r2);
            Assert.Equal(s1, s2);
        }

        Assert.Equal(50, a.Count);
    }

    [Fact]
    public void Microbenchmark_152k_vocabulary()
    {
        const int vocab = 152_064;
        var rng = new Random(2);
        var logits = new float[vocab];
        for (var i = 0; i < vocab; i++)
        {
            // A peaked, LLM-like distribution: a few strong tokens over a long tail.
            logits[i] = (float)(rng.NextDouble() * 4) + (i % 997 == 0 ? 12 : 0);
        }

        foreach (var (name, oracle, cap) in new[]
        {
            ("permissive", new FakeOracle(_ => true), 64),
            ("strict (1 in 50 allowed)", new FakeOracle(t => t % 50 == 7), 256),
        })
        {
            var settings = new SamplerSettings(1.0, 1.0, cap);
            for (var k = 0; k < 20; k++)
            {
                AdaptiveWeightedRejectionSampler.Sample(logits, oracle, settings, rng);
            }

            const int steps = 300;
            long checks = 0;
            var fallbacks = 0;
            var sw = Stopwatch.StartNew();
            for (var k = 0; k < steps; k++)
            {
                var step = AdaptiveWeightedRejectionSampler.Sample(logits, oracle, settings, rng);
                checks += step.Checks;
                fallbacks += step.MaskFallback ? 1 : 0;
            }

            var us = sw.Elapsed.TotalMicroseconds / steps;
            output.WriteLine($"AWRS {name}: {us:F0} us/step, {(double)checks / steps:F1} checks/step, {fallbacks} mask fallbacks in {steps} steps (V={vocab})");
            Assert.True(us < 50_000, $"{us} us/step");
        }
    }

    [Fact]
    public void Microbenchmark_cap_path_on_a_flat_152k_distribution()
    {
        // A random-weight model's flat distribution at a structural position: 24 allowed tokens of
        // 152k, so every step reaches the cap and the rest of the step is simulated in bulk.
        const int vocab = 152_064;
        var rng = new Random(3);
        var logits = new float[vocab];
        for (var i = 0; i < vocab; i++)
        {
            logits[i] = (float)(1.5 * Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble()));
        }

        var allowed = new bool[vocab];
        for (var k = 0; k < 24; k++)
        {
            allowed[rng.Next(vocab)] = true;
        }

        var oracle = new BulkOracle(allowed);
        foreach (var cap in new[] { 64, 16 })
        {
            var settings = new SamplerSettings(1.0, 1.0, cap);
            for (var k = 0; k < 10; k++)
            {
                AdaptiveWeightedRejectionSampler.Sample(logits, oracle, settings, rng);
            }

            const int steps = 200;
            var fallbacks = 0;
            long rejections = 0;
            var sw = Stopwatch.StartNew();
            for (var k = 0; k < steps; k++)
            {
                var step = AdaptiveWeightedRejectionSampler.Sample(logits, oracle, settings, rng);
                Assert.True(allowed[step.Token]);
                fallbacks += step.MaskFallback ? 1 : 0;
                rejections += step.Rejections;
            }

            var us = sw.Elapsed.TotalMicroseconds / steps;
            output.WriteLine($"cap {cap}: {us:F0} us/step, {fallbacks} of {steps} steps past the cap, {(double)rejections / steps:F0} rejections/step (V={vocab})");
            Assert.True(us < 50_000, $"{us} us/step");
        }
    }

    /// <summary>A fixed allowed set answered in bulk by lookup (the engine's oracle computes the set by a trie walk).</summary>
    private sealed class BulkOracle(bool[] allowed) : ITokenOracle
    {
        public bool IsAllowed(int token) => allowed[token];

        public int CheckMany(ReadOnlySpan<int> tokens, Span<bool> answers)
        {
            for (var i = 0; i < tokens.Length; i++)
            {
                answers[i] = allowed[tokens[i]];
            }

            return 1;
        }
    }
}
