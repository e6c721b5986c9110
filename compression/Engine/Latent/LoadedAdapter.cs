namespace Compressor.Engine.Latent;

/// <summary>An adapter read from its file: id (file name without .latent.gguf), path, fingerprint and content.</summary>
public sealed record LoadedAdapter(string Id, string Path, string Fingerprint, LatentAdapter Adapter);
