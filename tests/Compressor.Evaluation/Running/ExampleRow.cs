namespace Compressor.Evaluation.Running;

/// <summary>One compression of one item at one ratio by one method, with every metric the report aggregates.</summary>
internal sealed record ExampleRow
{
    public required string Dataset { get; init; }

    public required string Method { get; init; }

    public required double Ratio { get; init; }

    public required string Id { get; init; }

    public required int OriginalTokens { get; init; }

    public required int InputBytes { get; init; }

    public int Budget { get; init; }

    public int CompressedTokens { get; init; }

    public double Ms { get; init; }

    /// <summary>Error code when the method refused or failed (e.g. target_below_one_sentence).</summary>
    public string? Error { get; init; }

    public bool? GoldRetained { get; init; }

    public int KeywordsRequired { get; init; }

    public int KeywordsKept { get; init; }

    public int EntitiesRequired { get; init; }

    public int EntitiesKept { get; init; }

    public double? ExactMatch { get; init; }

    public double? F1 { get; init; }

    public double? RougeL { get; init; }

    /// <summary>Summarize only: the engine's own limit for the same work (prefill + decode), ms.</summary>
    public double? ReferenceMs { get; init; }

    public double? ReferencePrefillMs { get; init; }

    public double? ReferenceDecodeMs { get; init; }

    /// <summary>Summarize only: the same reference with prompts as long as the summarizer's real ones (isolates prompt overhead).</summary>
    public double? SamePromptsMs { get; init; }

    public long ModelCalls { get; init; }

    public long ModelInputTokens { get; init; }

    public long ModelOutputTokens { get; init; }

    /// <summary>Summarize only: wall time from the first model call's start to the last one's end.</summary>
    public double ModelMs { get; init; }

    public IReadOnlyDictionary<string, double> StageMs { get; init; } = new Dictionary<string, double>();

    public bool Ok => Error is null;
}
