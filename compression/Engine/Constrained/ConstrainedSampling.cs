namespace Compressor.Engine.Constrained;

/// <summary>
/// Sampling under a constraint: temperature (0 = greedy), top-p and seed as for free generation;
/// the method; the AWRS rejection cap; and sequential Monte Carlo with <see cref="Particles"/>
/// sequences, resampled when the effective sample size falls below <see cref="EssThreshold"/> x particles.
/// </summary>
public sealed record ConstrainedSampling
{
    public ConstrainedMethod Method { get; init; } = ConstrainedMethod.Awrs;

    public float Temperature { get; init; }

    public float TopP { get; init; } = 1f;

    public int Seed { get; init; }

    public int MaxRejections { get; init; } = 64;

    public int Particles { get; init; } = 1;

    public double EssThreshold { get; init; } = 0.5;
}
