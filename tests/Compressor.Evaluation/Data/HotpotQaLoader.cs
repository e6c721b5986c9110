using System.Text;
using System.Text.Json;

namespace Compressor.Evaluation.Data;

/// <summary>HotpotQA dev, distractor setting: the ten paragraphs (title line, then its sentences) joined by blank lines.</summary>
internal static class HotpotQaLoader
{
    public static IReadOnlyList<EvalExample> Load(string path, int limit)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
        var result = new List<EvalExample>();
        foreach (var item in doc.RootElement.EnumerateArray())
        {
            if (result.Count >= limit)
            {
                break;
            }

            var context = new StringBuilder();
            foreach (var paragraph in item.GetProperty("context").EnumerateArray())
            {
                var title = paragraph[0].GetString();
                var sentences = string.Concat(paragraph[1].EnumerateArray().Select(s => s.GetString())).Trim();
                context.Append(title).Append('\n').Append(sentences).Append("\n\n");
            }

            result.Add(new EvalExample(
                "hotpotqa",
                item.GetProperty("_id").GetString()!,
                context.ToString().TrimEnd(),
                item.GetProperty("question").GetString(),
                [item.GetProperty("answer").GetString()!]));
        }

        return result;
    }
}
