namespace Compressor.Evaluation.Data;

/// <summary>CNN/DailyMail articles (CSV columns id, article, highlights); the highlights are the reference summary.</summary>
internal static class CnnDailyMailLoader
{
    public static IReadOnlyList<EvalExample> Load(string path, int limit)
    {
        var rows = Csv.Parse(File.ReadAllText(path));
        if (rows.Count == 0)
        {
            return [];
        }

        var header = rows[0];
        var id = header.IndexOf("id");
        var article = header.IndexOf("article");
        var highlights = header.IndexOf("highlights");
        if (article < 0 || highlights < 0)
        {
            throw new DatasetMissingException($"'{path}' has no 'article' and 'highlights' columns");
        }

        return [.. rows.Skip(1)
            .Where(r => r.Count > Math.Max(article, highlights))
            .Take(limit)
            .Select(r => new EvalExample("cnndm", id >= 0 ? r[id] : "", r[article].Trim(), null, [], r[highlights].Trim()))];
    }
}
