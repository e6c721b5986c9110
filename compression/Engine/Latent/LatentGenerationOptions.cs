using Compressor.Engine.Generation;

namespace Compressor.Engine.Latent;

/// <summary>Per-request decode settings. Null fields take the adapter's or the codec's defaults.</summary>
public sealed record LatentGenerationOptions
{
    /// <summary>Adapter to decode with; null = the one that made the latents.</summary>
    public string? Adapter { get; init; }

    /// <summary>The instruction after the latents; null = the adapter's (reconstruction: "Repeat the text: ").</summary>
    public string? Instruction { get; init; }

    public int? MaxTokens { get; init; }

    public SamplingSettings Sampling { get; init; } = new();

    public int NoRepeatNgramSize { get; init; } = 20;

    /// <summary>
    /// True: each block in its own prompt (parallel sequences), outputs joined in order, which is how
    /// C3 was trained (one block per prompt). False: all blocks in one prompt, for adapters trained so.
    /// </summary>
    public bool PerBlock { get; init; } = true;
}
