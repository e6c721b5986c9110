using System.Globalization;

namespace Compressor.Evaluation.Data;

/// <summary>
/// LongChat line retrieval (LongEval): the record lines become the context (one per paragraph, so
/// each is a unit), the closing request is the question, and the gold string is "&lt;N&gt;" as the
/// record writes the number.
/// </summary>
internal static class LongChatLoader
{
    public static IReadOnlyList<EvalExample> Load(string path, int limit)
    {
        var result = new List<EvalExample>();
        foreach (var item in JsonLines.Read(path, limit))
        {
            var prompt = item.GetProperty("prompt").GetString()!;
            var lines = prompt.Split('\n');
            var records = lines.Where(l => l.StartsWith("line ", StringComparison.Ordinal)).ToArray();
            var question = lines.LastOrDefault(l => l.StartsWith("Now the record is over.", StringComparison.Ordinal))?
                .Replace("Now the record is over. ", "", StringComparison.Ordinal) ?? "";
            var number = item.GetProperty("expected_number").GetInt32().ToString(CultureInfo.InvariantCulture);
            result.Add(new EvalExample("longchat", result.Count.ToString(CultureInfo.InvariantCulture), string.Join("\n\n", records), question, [$"<{number}>"]));
        }

        return result;
    }
}
