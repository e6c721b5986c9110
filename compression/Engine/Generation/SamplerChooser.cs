namespace Compressor.Engine.Generation;

/// <summary>Adapts <see cref="TokenSampler"/> to <see cref="ITokenChooser"/>.</summary>
public sealed class SamplerChooser(SamplingSettings settings) : ITokenChooser
{
    private readonly TokenSampler sampler = new(settings);

    public int Choose(ReadOnlySpan<float> logits) => sampler.Sample(logits);
}
