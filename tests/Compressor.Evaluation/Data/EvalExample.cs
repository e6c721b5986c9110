namespace Compressor.Evaluation.Data;

/// <summary>
/// One evaluation item: the context to compress, the question (null for plain summarization), gold
/// answer strings (retention is "one of these still in the compressed context") and a reference
/// summary for ROUGE when the set has one.
/// </summary>
internal sealed record EvalExample(
    string Dataset,
    string Id,
    string Context,
    string? Question,
    IReadOnlyList<string> Answers,
    string? ReferenceSummary = null)
{
    public bool HasAnswers => Answers.Count > 0;
}
