namespace Compressor.Engine.Constrained;

/// <summary>
/// What a constrained generation cost and whether its output holds: oracle checks (total and per
/// sampled token, over all particles), AWRS rejections, steps that hit the rejection cap, the log
/// importance weight of the returned particle (and of every particle under SMC; -inf = died),
/// resampling rounds, time in the constraint (sampling + grammar) and in the forward passes of the
/// generated tokens, and the validation of the returned text.
/// </summary>
public sealed record ConstraintStats
{
    public required string Method { get; init; }

    public int Particles { get; init; } = 1;

    public long ConstraintChecks { get; init; }

    public double ChecksPerToken { get; init; }

    public long Rejections { get; init; }

    public int MaskFallbacks { get; init; }

    /// <summary>Sampling steps whose grammar state's allowed set was already known (no grammar calls).</summary>
    public int StateCacheHits { get; init; }

    public double LogWeight { get; init; }

    public IReadOnlyList<double>? ParticleLogWeights { get; init; }

    public int Resamples { get; init; }

    public double ConstraintMs { get; init; }

    public double ForwardMs { get; init; }

    /// <summary>The returned text satisfies the constraint (parsed and checked, not assumed).</summary>
    public bool Valid { get; init; }

    /// <summary>Generation stopped before the constraint's structure was complete (max_tokens, full context, dead end).</summary>
    public bool Incomplete { get; init; }

    public string? ValidationError { get; init; }
}
