namespace Compressor.Engine.Eviction;

/// <summary>How cached tokens are chosen for eviction (see docs/algorithms.md section 3).</summary>
public enum EvictionPolicy
{
    /// <summary>SnapKV (arXiv 2404.14469): attention of an observation window, pooled, top-k plus the window.</summary>
    SnapKv,

    /// <summary>StreamingLLM: attention sinks plus the most recent tokens.</summary>
    Streaming,

    /// <summary>H2O: accumulated attention (heavy hitters) plus a recent window.</summary>
    H2O,

    /// <summary>FASA-inspired (arXiv 2602.03152): q.k over each head's dominant RoPE frequency chunks.</summary>
    Frequency,

    /// <summary>Seeded random choice; a control for benchmarks.</summary>
    Random,
}
