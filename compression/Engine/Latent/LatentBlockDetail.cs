namespace Compressor.Engine.Latent;

/// <summary>A block in the result details: its char span [Start, End), text tokens and latent vectors.</summary>
public sealed record LatentBlockDetail(int Start, int End, int TextTokens, int Latents);
