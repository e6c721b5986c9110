using Compressor.Engine.Generation;

namespace Compressor.Engine.Constrained;

/// <summary>The returned particle's text and tokens, why it ended, timings and constraint stats.</summary>
public sealed record ConstrainedResult(
    string Text,
    IReadOnlyList<int> Tokens,
    string FinishReason,
    int PromptTokens,
    GenerationTimings Timings,
    ConstraintStats Stats);
