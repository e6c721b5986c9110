namespace Compressor.Compression.Scoring;

/// <summary>Knobs of <see cref="QuestionRelevance"/>.</summary>
public sealed record RelevanceOptions
{
    /// <summary>Weight of the feedback terms in the expanded query (question terms weigh 1); 0 turns feedback off.</summary>
    public double Feedback { get; init; } = 0.5;

    /// <summary>How many of the best first-pass texts lend terms.</summary>
    public int FeedbackTexts { get; init; } = 2;

    /// <summary>How many terms they lend (the rarest first).</summary>
    public int FeedbackTerms { get; init; } = 8;

    /// <summary>Share of a text's relevance taken from the best text of its paragraph; 0 turns it off.</summary>
    public double Paragraph { get; init; } = 0.3;

    /// <summary>A paragraph's first text scores at least this share of the paragraph's best; 0 turns it off.</summary>
    public double Lead { get; init; } = 0.5;

    public static RelevanceOptions Default { get; } = new();

    /// <summary>Plain BM25 scaled by its maximum.</summary>
    public static RelevanceOptions Plain { get; } = new() { Feedback = 0, Paragraph = 0, Lead = 0 };
}
