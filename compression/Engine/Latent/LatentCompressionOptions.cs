namespace Compressor.Engine.Latent;

/// <summary>Options of method "latent" (CompressionRequest.Options).</summary>
public sealed record LatentCompressionOptions
{
    /// <summary>Adapter id; null = the configured default (or the only one installed).</summary>
    public string? Adapter { get; init; }

    /// <summary>Text tokens per block; null = derived from target.ratio (L / ratio), capped at the adapter's block size.</summary>
    public int? BlockSize { get; init; }

    /// <summary>Return the vectors (base64 float16, blocks in order, [LatentCount x HiddenSize]) in the details.</summary>
    public bool IncludeVectors { get; init; }
}
