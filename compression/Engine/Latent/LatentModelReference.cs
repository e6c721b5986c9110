namespace Compressor.Engine.Latent;

/// <summary>
/// The model an adapter belongs to: its id in the models directory (file name without .gguf) and,
/// when known, its fingerprint ("sha256:&lt;hex&gt;"); an empty fingerprint accepts any file of that id
/// whose hidden size fits.
/// </summary>
public sealed record LatentModelReference(string Name, string Fingerprint = "");
