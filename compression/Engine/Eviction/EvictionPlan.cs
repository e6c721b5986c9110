namespace Compressor.Engine.Eviction;

/// <summary>How one document is read through a bounded cache (validated by the service before use).</summary>
public sealed record EvictionPlan
{
    public required EvictionPolicy Policy { get; init; }

    /// <summary>KV cells left after reading, the suffix (question) cells included.</summary>
    public required int Budget { get; init; }

    /// <summary>Tokens prefilled between evictions; the cache peaks at budget plus one chunk.</summary>
    public int ChunkTokens { get; init; } = 512;

    /// <summary>Observation window without a question (SnapKV), recent window (H2O), query rows (frequency).</summary>
    public int Window { get; init; } = 32;

    /// <summary>Layers whose attention is averaged; null or empty = all.</summary>
    public IReadOnlyList<int>? Layers { get; init; }

    public int Seed { get; init; }

    /// <summary>Shift kept tokens so positions stay contiguous (needed for documents longer than the training context).</summary>
    public bool ClosePositionGaps { get; init; } = true;

    /// <summary>Rows per decode while capturing every row (H2O, frequency keys): bounds the copied attention tensor.</summary>
    public int CaptureRows { get; init; } = 64;

    public int Sequence { get; init; }
}
