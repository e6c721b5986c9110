namespace Compressor.Constraints.Sampling;

/// <summary>
/// SplitMix64 (Steele, Lea and Flood): a tiny seeded generator for the race's per-segment draws
/// (its lanes' seeds and the rare exact decisions), so segments need no shared <see cref="Random"/>.
/// </summary>
internal struct SplitMix64(ulong seed)
{
    private ulong state = seed;

    public ulong Next()
    {
        var z = state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>A uniform double in [0, 1) from the top 53 bits.</summary>
    public double NextDouble() => (Next() >> 11) * (1.0 / (1UL << 53));
}
