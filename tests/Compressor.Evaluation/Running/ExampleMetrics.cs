using Compressor.Compression.Keywords;
using Compressor.Evaluation.Data;

namespace Compressor.Evaluation.Running;

/// <summary>
/// What is measured about an item once, before any method runs: the required keywords (the question's
/// content words found in the context, as <see cref="RequiredKeywords"/> defines them for every
/// method) and the detected keywords (numbers, dates, quoted strings, names) of the context.
/// </summary>
internal sealed record ExampleMetrics(IReadOnlyList<string> Required, IReadOnlyList<string> Entities)
{
    public static ExampleMetrics For(EvalExample example)
    {
        ArgumentNullException.ThrowIfNull(example);
        return new(RequiredKeywords.For(example.Context, [], example.Question).All, KeywordDetector.Detect(example.Context));
    }

    public int RequiredKept(string output) => Required.Count(k => KeywordMatcher.Contains(output, k));

    public int EntitiesKept(string output) => Entities.Count(k => KeywordMatcher.Contains(output, k));
}
