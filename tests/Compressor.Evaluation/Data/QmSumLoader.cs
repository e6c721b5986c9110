using System.Globalization;

namespace Compressor.Evaluation.Data;

/// <summary>
/// QMSum validation meetings: the transcript ("Speaker: words", one turn per paragraph) with the first
/// specific query; its reference answer is the summary ROUGE is computed against (no gold span).
/// </summary>
internal static class QmSumLoader
{
    public static IReadOnlyList<EvalExample> Load(string path, int limit)
    {
        var result = new List<EvalExample>();
        foreach (var item in JsonLines.Read(path, limit))
        {
            var turns = item.GetProperty("meeting_transcripts").EnumerateArray()
                .Select(t => $"{t.GetProperty("speaker").GetString()}: {t.GetProperty("content").GetString()}");
            var query = item.GetProperty("specific_query_list").EnumerateArray().FirstOrDefault();
            if (query.ValueKind != System.Text.Json.JsonValueKind.Object)
            {
                query = item.GetProperty("general_query_list")[0];
            }

            result.Add(new EvalExample(
                "qmsum",
                result.Count.ToString(CultureInfo.InvariantCulture),
                string.Join("\n\n", turns),
                query.GetProperty("query").GetString(),
                [],
                query.GetProperty("answer").GetString()));
        }

        return result;
    }
}
