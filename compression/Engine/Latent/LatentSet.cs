namespace Compressor.Engine.Latent;

/// <summary>
/// The latents of one text: which adapter made them (name and file fingerprint, checked before
/// decoding), the decoder hidden size, and the blocks in input order.
/// </summary>
public sealed record LatentSet(string Adapter, string AdapterFingerprint, int HiddenSize, IReadOnlyList<LatentBlock> Blocks)
{
    public int TextTokens => Blocks.Sum(b => b.TextTokens);

    public int LatentCount => Blocks.Sum(b => b.LatentCount(HiddenSize));

    /// <summary>Text tokens per latent vector (0 when empty).</summary>
    public double Ratio => LatentCount == 0 ? 0 : (double)TextTokens / LatentCount;

    /// <summary>All vectors, blocks in order: [LatentCount x HiddenSize].</summary>
    public float[] AllVectors() => [.. Blocks.SelectMany(b => b.Vectors)];
}
