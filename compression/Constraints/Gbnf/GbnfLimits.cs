namespace Compressor.Constraints.Gbnf;

/// <summary>
/// Bounds that keep a grammar cheap for llama.cpp and for our matcher. The repetition bound mirrors
/// llama.cpp's own threshold (2000), past which its parser refuses the grammar anyway.
/// </summary>
public sealed record GbnfLimits
{
    public static GbnfLimits Default { get; } = new();

    public int MaxTextLength { get; init; } = 1_000_000;

    public int MaxRules { get; init; } = 20_000;

    public int MaxRepetition { get; init; } = 2_000;

    /// <summary>Upper bound on the grammar's size once repetitions are expanded as llama.cpp expands them.</summary>
    public long MaxExpandedSize { get; init; } = 2_000_000;
}
