namespace Compressor.Engine.Latent.Conversion;

/// <summary>How to name and pin the models of a converted C3 checkpoint.</summary>
public sealed record C3ConversionSettings
{
    public string Name { get; init; } = "c3";

    /// <summary>Model id (GGUF file name without .gguf) the encoder will have in the models directory.</summary>
    public string EncoderModel { get; init; } = "c3-encoder";

    public string DecoderModel { get; init; } = "c3-decoder";

    /// <summary>Converted encoder GGUF, when it exists already: its fingerprint is pinned in the adapter.</summary>
    public string? EncoderGguf { get; init; }

    public string? DecoderGguf { get; init; }

    /// <summary>Text tokens per latent block; 640 = 20x with 32 latents, where the paper reports ~98% reconstruction.</summary>
    public int BlockSize { get; init; } = 640;
}
