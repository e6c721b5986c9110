namespace Compressor.Engine.Latent.Conversion;

/// <summary>What the converter wrote and where each tensor came from, plus the steps left for the two LLMs.</summary>
public sealed record C3ConversionResult(LatentAdapter Adapter, IReadOnlyDictionary<string, string> Sources, string Steps);
