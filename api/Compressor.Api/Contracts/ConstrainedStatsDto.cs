namespace Compressor.Api.Contracts;

/// <summary>
/// The <c>stats</c> of a constrained generation: oracle checks (total and per sampled token), AWRS
/// rejections, steps past the rejection cap, steps answered from the grammar-state cache, log importance weight (per particle under SMC; null =
/// the particle died), resampling rounds, time in the constraint and in the forward passes, and
/// whether the returned text was validated against the constraint.
/// </summary>
public sealed record ConstrainedStatsDto(
    string Method,
    int Particles,
    long ConstraintChecks,
    double ChecksPerToken,
    long Rejections,
    int MaskFallbacks,
    int StateCacheHits,
    double? LogWeight,
    IReadOnlyList<double?>? LogWeights,
    int Resamples,
    double ConstraintMs,
    double ForwardMs,
    bool Valid,
    bool Incomplete,
    string? ValidationError);
