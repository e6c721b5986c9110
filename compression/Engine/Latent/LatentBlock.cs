namespace Compressor.Engine.Latent;

/// <summary>
/// One encoded block: the char span [Start, End) of the input it covers, how many text tokens that
/// was, and its latents, row-major [Latents x hidden] in the decoder's embedding space.
/// </summary>
public sealed record LatentBlock(int Start, int End, int TextTokens, float[] Vectors)
{
    public int LatentCount(int hiddenSize) => Vectors.Length / hiddenSize;
}
