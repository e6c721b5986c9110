namespace Compressor.Engine.Latent;

/// <summary>A run of text tokens encoded as one latent block; [Start, End) are char offsets in the input.</summary>
public sealed record TextBlock(int Start, int End, int[] Tokens);
