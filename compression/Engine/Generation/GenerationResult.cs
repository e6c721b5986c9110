namespace Compressor.Engine.Generation;

/// <summary>Text and counts of one generated sequence; timings are those of the whole batch.</summary>
public sealed record GenerationResult(
    string Text,
    IReadOnlyList<int> Tokens,
    string FinishReason,
    int PromptTokens,
    int CompletionTokens,
    GenerationTimings Timings);
