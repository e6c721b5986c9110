namespace Compressor.Engine.Eviction;

/// <summary>Defaults and limits of KV eviction (section "Compressor:Eviction").</summary>
public sealed class EvictionOptions
{
    public const string Section = "Compressor:Eviction";

    public int ChunkTokens { get; set; } = 512;

    public int Window { get; set; } = 32;

    /// <summary>Longest context (in model tokens) one request may read; longer is refused with 413.</summary>
    public int MaxContextTokens { get; set; } = 262_144;

    public IEnumerable<string> Validate()
    {
        if (ChunkTokens is < 16 or > 16384)
        {
            yield return $"Compressor:Eviction:ChunkTokens must be 16 to 16384, not {ChunkTokens}";
        }

        if (Window < 1 || Window > ChunkTokens)
        {
            yield return $"Compressor:Eviction:Window must be 1 to ChunkTokens, not {Window}";
        }

        if (MaxContextTokens < 1)
        {
            yield return $"Compressor:Eviction:MaxContextTokens must be positive, not {MaxContextTokens}";
        }
    }
}
