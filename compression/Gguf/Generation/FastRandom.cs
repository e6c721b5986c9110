namespace Compressor.Gguf.Generation;

/// <summary>
/// SplitMix64 (Steele et al. 2014): tiny, fast and good enough for random weights. Approximate
/// normals come from the sum of four 16-bit uniforms of one draw (Irwin-Hall, n = 4): bell-shaped,
/// bounded at about 3.5 sigma, and several times cheaper than Box-Muller.
/// </summary>
internal struct FastRandom(ulong seed)
{
    // Standard deviation of the sum of four uniforms on [0, 65535].
    private const float SumStd = 37837.23f;
    private const float SumMean = 4 * 32767.5f;

    private ulong _state = seed;

    public ulong NextUInt64()
    {
        var z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    public void FillNormal(Span<float> values, float std)
    {
        var scale = std / SumStd;
        for (var i = 0; i < values.Length; i++)
        {
            var r = NextUInt64();
            var sum = (float)((r & 0xFFFF) + ((r >> 16) & 0xFFFF) + ((r >> 32) & 0xFFFF) + (r >> 48));
            values[i] = (sum - SumMean) * scale;
        }
    }

    /// <summary>A stable 64-bit seed for a named stream, so each tensor's values depend only on the seed and its name.</summary>
    public static ulong SeedFor(ulong seed, string name)
    {
        var h = 0xCBF29CE484222325UL ^ seed; // FNV-1a
        foreach (var c in name)
        {
            h = (h ^ c) * 0x100000001B3UL;
        }

        return h;
    }
}
