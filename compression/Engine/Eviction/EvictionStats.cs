namespace Compressor.Engine.Eviction;

/// <summary>What eviction did: cache sizes in cells, bytes, timings, and the kept positions (token indices of the context) for a heat map.</summary>
public sealed record EvictionStats(
    int CellsBefore,
    int CellsAfter,
    int PeakCells,
    long KvBytes,
    double ScoringMs,
    double PrefillTokensPerSecond,
    double DecodeTokensPerSecond,
    string Policy,
    IReadOnlyList<int> KeptPositions,
    bool CacheReused,
    int Budget,
    int ChunkTokens,
    int Rounds);
