using Compressor.Constraints;

namespace Compressor.Engine.Constrained;

/// <summary>One constrained generation: prompt tokens (templated and tokenized), the compiled constraint and limits.</summary>
public sealed record ConstrainedRequest
{
    public required IReadOnlyList<int> PromptTokens { get; init; }

    public required CompiledConstraint Constraint { get; init; }

    public int MaxTokens { get; init; } = 256;

    public IReadOnlyList<string> Stop { get; init; } = [];

    public ConstrainedSampling Sampling { get; init; } = new();

    /// <summary>Allowed sets by grammar state, shared across requests (null: compute every set afresh).</summary>
    public AllowedSetCache? StateCache { get; init; } = AllowedSetCache.Shared;
}
