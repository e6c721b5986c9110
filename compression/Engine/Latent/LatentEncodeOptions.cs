namespace Compressor.Engine.Latent;

/// <summary>Per-request encode settings: which adapter, and optionally smaller blocks (more latents, less loss).</summary>
public sealed record LatentEncodeOptions
{
    public string? Adapter { get; init; }

    /// <summary>Text tokens per block, at most the adapter's block size; null = the adapter's.</summary>
    public int? BlockSize { get; init; }
}
