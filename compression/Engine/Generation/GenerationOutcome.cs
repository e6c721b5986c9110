namespace Compressor.Engine.Generation;

/// <summary>A finished generation as the service reports it.</summary>
public sealed record GenerationOutcome(
    string ModelId,
    string ModelFingerprint,
    GenerationResult Result,
    double QueueMs);
