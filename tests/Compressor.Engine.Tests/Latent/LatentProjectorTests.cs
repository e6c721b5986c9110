using Compressor.Engine.Latent;

namespace Compressor.Engine.Tests.Latent;

/// <summary>The batched projection against the one-vector path it replaces in the encoder.</summary>
public sealed class LatentProjectorTests
{
    private static LatentProjectorLayer Layer(int input, int output, bool bias, Random rng) =>
        new(input, output,
            Enumerable.Range(0, input * output).Select(_ => (float)(rng.NextDouble() - 0.5)).ToArray(),
            bias ? Enumerable.Range(0, output).Select(_ => (float)rng.NextDouble()).ToArray() : null);

    [Theory]
    [InlineData(1, 70)] // one linear layer; 70 queries of 2048 values cross tile boundaries (32 per tile)
    [InlineData(2, 5)] // an MLP with GELU between its layers
    [InlineData(1, 0)]
    public void Many_vectors_at_once_give_exactly_the_one_by_one_results(int layers, int count)
    {
        var rng = new Random(layers * 100 + count);
        var projector = layers == 1
            ? new LatentProjector([Layer(2048, 96, bias: true, rng)], LatentActivation.None)
            : new LatentProjector([Layer(2048, 64, bias: true, rng), Layer(64, 48, bias: false, rng)], LatentActivation.Gelu);
        var inputs = Enumerable.Range(0, count * projector.InputSize).Select(_ => (float)(rng.NextDouble() * 2 - 1)).ToArray();
        var many = new float[count * projector.OutputSize];
        projector.ProjectMany(inputs, many, count);

        for (var q = 0; q < count; q++)
        {
            var one = new float[projector.OutputSize];
            projector.Project(inputs.AsSpan(q * projector.InputSize, projector.InputSize), one);
            Assert.Equal(one, many.AsSpan(q * projector.OutputSize, projector.OutputSize).ToArray());
        }

        Assert.Throws<ArgumentException>(() => projector.ProjectMany(inputs, new float[many.Length + 1], count));
    }
}
