using Compressor.Engine.Generation;

namespace Compressor.Engine.Eviction;

/// <summary>
/// Answer over a long context read through a bounded KV cache. The question (or a raw prompt
/// appended after the context) is the observation window of query-aware policies.
/// </summary>
public sealed record EvictionRequest
{
    public required string ContextText { get; init; }

    public string? Question { get; init; }

    /// <summary>Raw text appended after the context instead of a templated question (no chat template).</summary>
    public string? Prompt { get; init; }

    public required KvBudget Budget { get; init; }

    public EvictionPolicy Policy { get; init; } = EvictionPolicy.SnapKv;

    /// <summary>Observation/recent window; null = the service default (32).</summary>
    public int? Window { get; init; }

    /// <summary>Tokens prefilled between evictions; null = the service default.</summary>
    public int? ChunkTokens { get; init; }

    /// <summary>Layers whose attention is averaged; null = all.</summary>
    public IReadOnlyList<int>? Layers { get; init; }

    public int MaxTokens { get; init; } = 256;

    public SamplingSettings Sampling { get; init; } = new();

    public IReadOnlyList<string> Stop { get; init; } = [];

    /// <summary>Reuse (and store) the reduced cache for this document even for a query-aware policy.</summary>
    public bool ReuseState { get; init; }

    /// <summary>Keep original positions instead of closing the gaps (for models whose cache cannot shift; the document must fit the training context).</summary>
    public bool KeepPositions { get; init; }

    public int Seed { get; init; }
}
