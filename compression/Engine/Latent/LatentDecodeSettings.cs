using Compressor.Engine.Generation;

namespace Compressor.Engine.Latent;

/// <summary>Generation settings of the decoder: greedy with a 20-gram repetition ban by default (as C3's reference).</summary>
public sealed record LatentDecodeSettings
{
    public int MaxTokens { get; init; } = 1024;

    public SamplingSettings Sampling { get; init; } = new();

    /// <summary>No n-gram of this size is generated twice; 0 turns the guard off.</summary>
    public int NoRepeatNgramSize { get; init; } = 20;
}
