namespace Compressor.Evaluation.Data;

/// <summary>arXiv papers as plain text (no question, no reference summary), in file-name order.</summary>
internal static class ArxivLoader
{
    public static IReadOnlyList<EvalExample> Load(string directory, int limit) =>
        [.. Directory.EnumerateFiles(directory, "*.txt", SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal)
            .Take(limit)
            .Select(f => new EvalExample("arxiv", Path.GetFileNameWithoutExtension(f), File.ReadAllText(f).Trim(), null, []))];
}
