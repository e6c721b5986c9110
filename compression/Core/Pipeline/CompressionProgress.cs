namespace Compressor.Compression.Pipeline;

/// <summary>Progress of a long compression: a stage name and the fraction done (0..1).</summary>
public sealed record CompressionProgress(string Stage, double Fraction, string? Message = null);
