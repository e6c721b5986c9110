namespace Compressor.Engine.Generation;

/// <summary>One sequence to generate: prompt tokens (already templated and tokenized) and limits.</summary>
public sealed record GenerationRequest
{
    public required IReadOnlyList<int> PromptTokens { get; init; }

    public int MaxTokens { get; init; } = 256;

    public SamplingSettings Sampling { get; init; } = new();

    public IReadOnlyList<string> Stop { get; init; } = [];

    /// <summary>Overrides sampling (e.g. a grammar-constrained chooser); null = <see cref="Sampling"/>.</summary>
    public ITokenChooser? Chooser { get; init; }

    /// <summary>Called with each accepted token before the next step (e.g. to advance a grammar).</summary>
    public Action<int>? OnToken { get; init; }
}
