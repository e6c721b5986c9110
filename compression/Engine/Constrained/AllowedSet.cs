namespace Compressor.Engine.Constrained;

/// <summary>The tokens a grammar state allows: the list (for the sampler's exact continuation) and a bit per token (for single checks).</summary>
public sealed class AllowedSet
{
    private readonly ulong[] bits;

    public AllowedSet(IReadOnlyCollection<int> tokens, int vocabularySize)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        Tokens = [.. tokens];
        bits = new ulong[(vocabularySize + 63) / 64];
        foreach (var t in Tokens)
        {
            bits[t >> 6] |= 1UL << (t & 63);
        }
    }

    public int[] Tokens { get; }

    public long Bytes => 48 + (4L * Tokens.Length) + (8L * bits.Length);

    public bool Contains(int token) => (uint)token < (uint)(bits.Length * 64) && (bits[token >> 6] & (1UL << (token & 63))) != 0;
}
