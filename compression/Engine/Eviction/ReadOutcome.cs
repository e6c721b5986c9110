namespace Compressor.Engine.Eviction;

/// <summary>
/// The cache after reading: its map (compacted; positions still gapped when gaps are closed later,
/// so the state can move between contexts), counts and timings, and for every stream token the
/// eviction round that dropped it (int.MaxValue = kept) and its last score, for extractive output.
/// </summary>
public sealed record ReadOutcome(
    CellMap Map,
    int CellsBefore,
    int PeakCells,
    int Rounds,
    double PrefillMs,
    int PrefillTokens,
    double ScoringMs,
    int[] EvictedInRound,
    float[] LastScore,
    float[]? SuffixLogits,
    bool SuffixInCache);
