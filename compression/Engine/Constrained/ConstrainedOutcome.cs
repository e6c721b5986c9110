namespace Compressor.Engine.Constrained;

/// <summary>A finished constrained generation as the service reports it.</summary>
public sealed record ConstrainedOutcome(string ModelId, string ModelFingerprint, ConstrainedResult Result, double QueueMs);
