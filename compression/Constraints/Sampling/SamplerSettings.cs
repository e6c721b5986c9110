namespace Compressor.Constraints.Sampling;

/// <summary>
/// Per-step sampler settings. <see cref="Temperature"/> 0 is greedy; <see cref="TopP"/> 1 keeps the whole
/// distribution; past <see cref="MaxRejections"/> rejections the sampler checks every remaining candidate.
/// </summary>
public sealed record SamplerSettings(double Temperature = 1.0, double TopP = 1.0, int MaxRejections = 64)
{
    public static SamplerSettings Default { get; } = new();
}
