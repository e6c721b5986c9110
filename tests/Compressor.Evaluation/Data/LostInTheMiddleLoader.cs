using System.Globalization;
using System.Text;

namespace Compressor.Evaluation.Data;

/// <summary>
/// lost-in-the-middle (Liu et al. 2023): JSON key-value retrieval and NQ-open with its gold passage.
/// The kv records are written one per line as <c>"key": "value",</c> with a blank line between, so
/// sentence-level methods see one unit per record (the paper's single JSON object is one atomic
/// block to our segmenter and could not be compressed at all).
/// </summary>
internal static class LostInTheMiddleLoader
{
    public static IReadOnlyList<EvalExample> LoadKv(string path, int limit)
    {
        var result = new List<EvalExample>();
        foreach (var item in JsonLines.Read(path, limit))
        {
            var context = new StringBuilder("JSON data:\n\n");
            foreach (var pair in item.GetProperty("ordered_kv_records").EnumerateArray())
            {
                context.Append('"').Append(pair[0].GetString()).Append("\": \"").Append(pair[1].GetString()).Append("\",\n\n");
            }

            var key = item.GetProperty("key").GetString()!;
            result.Add(new EvalExample(
                "kv",
                result.Count.ToString(CultureInfo.InvariantCulture),
                context.ToString().TrimEnd(),
                $"Extract the value corresponding to the specified key in the JSON object. Key: \"{key}\"",
                [item.GetProperty("value").GetString()!]));
        }

        return result;
    }

    public static IReadOnlyList<EvalExample> LoadNq(string path, int limit)
    {
        var result = new List<EvalExample>();
        foreach (var item in JsonLines.Read(path, limit))
        {
            var context = string.Join("\n\n", item.GetProperty("ctxs").EnumerateArray()
                .Select(c => $"Document (Title: {c.GetProperty("title").GetString()}) {c.GetProperty("text").GetString()}"));
            result.Add(new EvalExample(
                "nq",
                result.Count.ToString(CultureInfo.InvariantCulture),
                context,
                item.GetProperty("question").GetString(),
                [.. item.GetProperty("answers").EnumerateArray().Select(a => a.GetString()!)]));
        }

        return result;
    }
}
