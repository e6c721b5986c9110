namespace Compressor.Api.Contracts;

/// <summary>How constrained tokens are chosen: "awrs" (check only sampled tokens) or "mask" (check the whole vocabulary); particles &gt; 1 runs sequential Monte Carlo.</summary>
public sealed record SamplerDto(string Method = "awrs", int Particles = 1, double EssThreshold = 0.5, int? MaxRejections = null);
