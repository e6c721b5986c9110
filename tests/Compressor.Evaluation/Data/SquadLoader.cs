using System.Text.Json;

namespace Compressor.Evaluation.Data;

/// <summary>
/// SQuAD 2.0 dev, answerable questions only. A single paragraph is too short for compression to mean
/// much, so each context is the gold paragraph plus its article's neighbouring paragraphs (up to
/// <see cref="ParagraphsPerContext"/> in all, in article order), the gold one at a varying place.
/// One question per gold paragraph keeps the items independent.
/// </summary>
internal static class SquadLoader
{
    public const int ParagraphsPerContext = 6;

    public static IReadOnlyList<EvalExample> Load(string path, int limit)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
        var result = new List<EvalExample>();
        foreach (var article in doc.RootElement.GetProperty("data").EnumerateArray())
        {
            var paragraphs = article.GetProperty("paragraphs").EnumerateArray().ToArray();
            var texts = paragraphs.Select(p => p.GetProperty("context").GetString()!.Trim()).ToArray();
            for (var p = 0; p < paragraphs.Length && result.Count < limit; p++)
            {
                var qa = paragraphs[p].GetProperty("qas").EnumerateArray()
                    .FirstOrDefault(q => !(q.TryGetProperty("is_impossible", out var imp) && imp.GetBoolean()));
                if (qa.ValueKind != JsonValueKind.Object)
                {
                    continue;
                }

                var answers = qa.GetProperty("answers").EnumerateArray().Select(a => a.GetProperty("text").GetString()!)
                    .Where(a => a.Length > 0).Distinct(StringComparer.Ordinal).ToArray();
                if (answers.Length == 0)
                {
                    continue;
                }

                // Window of neighbours around the gold paragraph; the gold one's place rotates with p.
                var count = Math.Min(ParagraphsPerContext, texts.Length);
                var first = Math.Clamp(p - (p % count), 0, texts.Length - count);
                var context = string.Join("\n\n", texts.Skip(first).Take(count));
                result.Add(new EvalExample("squad", qa.GetProperty("id").GetString()!, context, qa.GetProperty("question").GetString(), answers));
            }

            if (result.Count >= limit)
            {
                break;
            }
        }

        return result;
    }
}
