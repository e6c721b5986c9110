namespace Compressor.Api.Contracts;

/// <summary>
/// <c>stats</c> of a generation over a context read through a bounded KV cache: cache sizes in cells
/// (peak included), bytes of the reduced cache, scoring time, throughput, the policy and the kept
/// context token indices (for the heat map), and whether a stored reduced cache was reused.
/// </summary>
public sealed record KvEvictionStatsDto(
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
