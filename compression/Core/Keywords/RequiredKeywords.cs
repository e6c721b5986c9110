namespace Compressor.Compression.Keywords;

/// <summary>
/// The caller's keep[] split into those present in the input and those missing from it, plus the
/// question's content words found in the input. These are required of every method's output.
/// </summary>
public sealed record RequiredKeywords(IReadOnlyList<string> Keep, IReadOnlyList<string> QuestionTerms, IReadOnlyList<string> MissingInInput)
{
    public static RequiredKeywords For(string text, IReadOnlyList<string> keep, string? question)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(keep);
        var present = new List<string>();
        var missing = new List<string>();
        foreach (var k in keep.Select(k => k.Trim()).Distinct(StringComparer.OrdinalIgnoreCase))
        {
            (KeywordMatcher.Contains(text, k) ? present : missing).Add(k);
        }

        var terms = KeywordDetector.QuestionTerms(question, text)
            .Where(t => !present.Exists(p => string.Equals(p, t, StringComparison.OrdinalIgnoreCase)))
            .ToList();
        return new RequiredKeywords(present, terms, missing);
    }

    /// <summary>keep[] first, then question terms.</summary>
    public IReadOnlyList<string> All => [.. Keep, .. QuestionTerms];

    /// <summary>A report for an output: required = these plus <paramref name="detected"/>; kept = those present.</summary>
    public KeywordReport Report(string output, IEnumerable<string> detected, IReadOnlyList<string> restored)
    {
        ArgumentNullException.ThrowIfNull(output);
        var required = All.Concat(detected).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var present = required.Where(k => KeywordMatcher.Contains(output, k)).ToList();
        var kept = present.Where(k => !restored.Contains(k, StringComparer.OrdinalIgnoreCase)).ToList();
        var unmet = required.Where(k => !KeywordMatcher.Contains(output, k)).ToList();
        return new KeywordReport(required, kept, restored.Where(r => KeywordMatcher.Contains(output, r)).ToList(), MissingInInput, unmet);
    }
}
