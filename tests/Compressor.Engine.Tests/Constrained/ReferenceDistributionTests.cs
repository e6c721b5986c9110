using System.Text.Json.Nodes;
using Compressor.Constraints.Sampling;
using Compressor.Engine.Constrained;
using Compressor.Engine.Scheduling;
using Compressor.Native;
using Xunit.Abstractions;

namespace Compressor.Engine.Tests.Constrained;

/// <summary>
/// AWRS against the exact constrained next-token distribution, enumerated over the 300-token vocabulary
/// with a real model's logits and llama.cpp's grammar: chi-square on the samples, and the mean weight
/// against the constrained mass (with and without the rejection cap).
/// </summary>
[Collection(EngineCollection.Name)]
public sealed class ReferenceDistributionTests(EngineFixture fixture, ITestOutputHelper output) : IDisposable
{
    private readonly ConstrainedHarness harness = new(fixture);

    public void Dispose() => harness.Dispose();

    [Theory]
    [InlineData(1.0, 64)]
    [InlineData(0.5, 64)]
    [InlineData(0.5, 2)]
    public async Task Awrs_samples_match_the_enumerated_constrained_distribution(double temperature, int cap)
    {
        using var handle = await harness.Registry.AcquireAsync("small", CancellationToken.None);
        using var lease = await handle.RentAsync(ContextProfile.Generation, CancellationToken.None);
        var vocab = handle.Loaded.Model.Vocab;
        var logits = Logits(lease.Context, vocab.Tokenize("The cat sat on the"));

        // After one letter, [a-z]+ allows more letters or the end: end-of-generation is in the allowed set.
        var constraint = harness.Compiler.Compile("regex", JsonValue.Create("[a-z]+"));
        using var grammar = ConstrainedGenerationService.CreateGrammar(vocab, constraint);
        var oracle = new GrammarOracle(grammar, TokenBytes.For(vocab));
        Assert.True(oracle.TryAccept(vocab.Tokenize("a")[0]));

        var p = Softmax(logits, temperature);
        var allowed = Enumerable.Range(0, vocab.TokenCount).Where(oracle.IsAllowed).ToHashSet();
        Assert.Contains(vocab.Eos, allowed);
        Assert.InRange(allowed.Count, 2, vocab.TokenCount - 2);
        var z = allowed.Sum(t => p[t]);

        const int n = 20_000;
        var rng = new Random(1234);
        var counts = new int[vocab.TokenCount];
        var weights = new double[n];
        var settings = new SamplerSettings(temperature, 1.0, cap);
        var fallbacks = 0;
        for (var i = 0; i < n; i++)
        {
            var step = AdaptiveWeightedRejectionSampler.Sample(logits, oracle, settings, rng);
            Assert.Contains(step.Token, allowed);
            counts[step.Token]++;
            weights[i] = Math.Exp(step.LogWeight);
            fallbacks += step.MaskFallback ? 1 : 0;
        }

        // Chi-square over tokens expected at least 5 times; the rest pooled into one bin.
        double chi2 = 0, pooledExpected = 0, pooledObserved = 0;
        var bins = 0;
        foreach (var t in allowed)
        {
            var expected = n * p[t] / z;
            if (expected >= 5)
            {
                chi2 += Math.Pow(counts[t] - expected, 2) / expected;
                bins++;
            }
            else
            {
                pooledExpected += expected;
                pooledObserved += counts[t];
            }
        }

        if (pooledExpected >= 5)
        {
            chi2 += Math.Pow(pooledObserved - pooledExpected, 2) / pooledExpected;
            bins++;
        }

        var critical = ChiSquareCritical(bins - 1);
        var mean = weights.Average();
        var se = Math.Sqrt(weights.Sum(w => (w - mean) * (w - mean)) / (n - 1) / n);
        output.WriteLine($"T={temperature} cap={cap}: {allowed.Count} allowed of {vocab.TokenCount}, chi2 {chi2:F1} (df {bins - 1}, critical {critical:F1}), " +
            $"Z {z:F5}, mean weight {mean:F5} (se {se:F5}), fallbacks {fallbacks}");
        Assert.True(chi2 < critical, $"chi2 {chi2} >= {critical}");
        Assert.True(Math.Abs(mean - z) < 4 * se, $"mean weight {mean} vs Z {z} (se {se})");
        if (cap <= 2)
        {
            Assert.True(fallbacks > 0, "the cap never triggered");
        }
    }

    private static float[] Logits(LlamaContext context, int[] prompt)
    {
        using var batch = LlamaBatch.ForTokens(prompt.Length);
        for (var i = 0; i < prompt.Length; i++)
        {
            batch.Add(prompt[i], i, 0, i == prompt.Length - 1);
        }

        context.Decode(batch);
        return context.GetLogits(prompt.Length - 1).ToArray();
    }

    private static double[] Softmax(float[] logits, double temperature)
    {
        var max = logits.Max();
        var e = logits.Select(l => Math.Exp((l - max) / temperature)).ToArray();
        var s = e.Sum();
        return [.. e.Select(x => x / s)];
    }

    /// <summary>Upper 0.1% chi-square quantile (Wilson-Hilferty).</summary>
    private static double ChiSquareCritical(int df)
    {
        const double zq = 3.090232;
        var a = 2.0 / (9 * df);
        return df * Math.Pow(1 - a + (zq * Math.Sqrt(a)), 3);
    }
}
