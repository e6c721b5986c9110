using System.Text.Json.Nodes;
using Compressor.Engine.Constrained;
using Compressor.Engine.Generation;
using Xunit.Abstractions;

namespace Compressor.Engine.Tests.Constrained;

/// <summary>Sequential Monte Carlo over parallel sequences of one context.</summary>
[Collection(EngineCollection.Name)]
public sealed class SmcTests(EngineFixture fixture, ITestOutputHelper output) : IDisposable
{
    private readonly ConstrainedHarness harness = new(fixture);

    public void Dispose() => harness.Dispose();

    private const string Schema = """{"type":"object","properties":{"word":{"type":"string","maxLength":5},"n":{"type":"integer","minimum":0,"maximum":99}},"required":["word","n"],"additionalProperties":false}""";

    [Fact]
    public async Task Particles_resample_stay_valid_and_reproduce()
    {
        var constraint = harness.Compiler.Compile("json_schema", JsonNode.Parse(Schema));
        var runs = new List<(string, Compressor.Constraints.CompiledConstraint, ConstrainedSampling, int)>();
        foreach (var seed in Enumerable.Range(0, 12))
        {
            runs.Add(("Data:", constraint, new ConstrainedSampling { Temperature = 1, Seed = seed, Particles = 4, EssThreshold = 0.9, MaxRejections = 16 }, 40));
        }

        runs.Add(runs[0]);
        runs.Add(("Data:", constraint, new ConstrainedSampling { Temperature = 1, Seed = 0, Particles = 4, EssThreshold = 0, MaxRejections = 16 }, 40));
        var results = await harness.RunManyAsync("small", runs);
        foreach (var r in results)
        {
            Assert.Equal(4, r.Stats.ParticleLogWeights!.Count);
            Assert.Equal(4, r.Stats.Particles);
            if (r.FinishReason == FinishReason.Stop)
            {
                Assert.True(r.Stats.Valid, $"'{r.Text}': {r.Stats.ValidationError}");
            }
        }

        var smc = results.Take(12).ToList();
        output.WriteLine($"SMC K=4: {smc.Count(r => r.FinishReason == FinishReason.Stop)}/{smc.Count} finished, resamples {string.Join(",", smc.Select(r => r.Stats.Resamples))}");
        Assert.True(smc.Count(r => r.FinishReason == FinishReason.Stop) >= 9);
        Assert.True(smc.Sum(r => r.Stats.Resamples) > 0);
        Assert.Equal(results[0].Tokens, results[12].Tokens);
        Assert.Equal(0, results[13].Stats.Resamples);
    }
}
