using System.Globalization;
using System.Text;

namespace Compressor.Evaluation.Running;

/// <summary>Aggregates rows into the markdown tables the harness prints (and docs/evaluation.md quotes).</summary>
internal static class MarkdownReport
{
    public static string Quality(IReadOnlyList<ExampleRow> rows, IReadOnlyList<string> methodOrder)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var hasReader = rows.Any(r => r.F1 is not null || r.RougeL is not null);
        var b = new StringBuilder();
        b.Append("| dataset | ratio | method | n | err | achieved | budget err | over | q-kw kept | names/numbers kept | gold kept | ms/1k tok | MB/s |");
        b.AppendLine(hasReader ? " EM | F1 | ROUGE-L |" : "");
        b.Append("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        b.AppendLine(hasReader ? "---|---|---|" : "");
        var order = methodOrder.Prepend("full").ToList();
        foreach (var group in rows.GroupBy(r => (r.Dataset, r.Ratio, r.Method))
            .OrderBy(g => g.Key.Dataset, StringComparer.Ordinal).ThenByDescending(g => g.Key.Ratio).ThenBy(g => order.IndexOf(g.Key.Method)))
        {
            var all = group.ToList();
            var ok = all.Where(r => r.Ok).ToList();
            var gold = all.Where(r => r.GoldRetained is not null).ToList();
            b.Append(Inv($"| {group.Key.Dataset} | {group.Key.Ratio:0.###} | {group.Key.Method} | {all.Count} | {all.Count - ok.Count} | "));
            if (ok.Count == 0)
            {
                b.Append("– | – | – | – | – | – | – | – |");
            }
            else
            {
                var achieved = ok.Average(r => (double)r.CompressedTokens / Math.Max(1, r.OriginalTokens));
                var error = ok.Average(r => (double)(r.CompressedTokens - r.Budget) / Math.Max(1, r.Budget));
                var over = ok.Count(r => r.CompressedTokens > r.Budget);
                var kwRequired = ok.Sum(r => r.KeywordsRequired);
                var entRequired = ok.Sum(r => r.EntitiesRequired);
                var ms = ok.Sum(r => r.Ms);
                var perK = ms / Math.Max(1, ok.Sum(r => (double)r.OriginalTokens) / 1000);
                var mbps = ms > 0 ? ok.Sum(r => (double)r.InputBytes) / 1e6 / (ms / 1000) : 0;
                b.Append(Inv($"{achieved:0.000} | {error * 100:+0.0;-0.0;0.0}% | {over} | "));
                b.Append(kwRequired == 0 ? "– | " : Inv($"{100.0 * ok.Sum(r => r.KeywordsKept) / kwRequired:0.0}% | "));
                b.Append(entRequired == 0 ? "– | " : Inv($"{100.0 * ok.Sum(r => r.EntitiesKept) / entRequired:0.0}% | "));
                b.Append(gold.Count == 0 ? "– | " : Inv($"{100.0 * gold.Count(r => r.GoldRetained == true) / gold.Count:0.0}% | "));
                b.Append(group.Key.Method == "full" ? "– | – |" : Inv($"{perK:0.00} | {mbps:0.00} |"));
            }

            if (hasReader)
            {
                b.Append(Mean(all.Select(r => r.ExactMatch))).Append(Mean(all.Select(r => r.F1))).Append(Mean(all.Select(r => r.RougeL)));
            }

            b.AppendLine();
        }

        return b.ToString();
    }

    public static string SummarizeSpeed(IReadOnlyList<ExampleRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var speed = rows.Where(r => r.Ok && r.ReferenceMs is not null).ToList();
        if (speed.Count == 0)
        {
            return "";
        }

        var stages = speed.SelectMany(r => r.StageMs.Keys).Where(k => k != "total").Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var b = new StringBuilder();
        b.AppendLine(Inv($"| dataset | ratio | n | input tok | model prompt tok | model output tok | calls | summarize ms | of which model calls ms | engine limit ms (prefill + decode) | ratio | limit with summarize's prompt lengths ms | ratio to it | {string.Join(" | ", stages)} |"));
        b.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|---|---|" + string.Concat(stages.Select(_ => "---|")));
        foreach (var g in speed.GroupBy(r => (r.Dataset, r.Ratio)).OrderBy(g => g.Key.Dataset, StringComparer.Ordinal).ThenByDescending(g => g.Key.Ratio))
        {
            var ms = g.Sum(r => r.Ms);
            var reference = g.Sum(r => r.ReferenceMs!.Value);
            b.Append(Inv($"| {g.Key.Dataset} | {g.Key.Ratio:0.###} | {g.Count()} | {g.Sum(r => r.OriginalTokens)} | {g.Sum(r => r.ModelInputTokens)} | {g.Sum(r => r.ModelOutputTokens)} | {g.Sum(r => r.ModelCalls)} | "));
            b.Append(Inv($"{ms:0} | {g.Sum(r => r.ModelMs):0} | {reference:0} ({g.Sum(r => r.ReferencePrefillMs!.Value):0} + {g.Sum(r => r.ReferenceDecodeMs!.Value):0}) | {ms / reference:0.00}x | {g.Sum(r => r.SamePromptsMs ?? 0):0} | {ms / g.Sum(r => r.SamePromptsMs ?? 0):0.00}x |"));
            foreach (var s in stages)
            {
                b.Append(Inv($" {g.Sum(r => r.StageMs.GetValueOrDefault(s)):0} |"));
            }

            b.AppendLine();
        }

        return b.ToString();
    }

    public static string Throughput(IEnumerable<ThroughputProbe.Result> results)
    {
        var b = new StringBuilder();
        b.AppendLine("| method | ratio | items | input MB | tokens | best ms | MB/s | count-only MB/s |");
        b.AppendLine("|---|---|---|---|---|---|---|---|");
        foreach (var r in results)
        {
            b.AppendLine(Inv($"| {r.Method} | {r.Ratio:0.###} | {r.Items} | {r.Bytes / 1e6:0.000} | {r.Tokens} | {r.MethodMs:0.0} | {r.MegabytesPerSecond:0.00} | {r.CountMegabytesPerSecond:0.00} |"));
        }

        return b.ToString();
    }

    private static string Mean(IEnumerable<double?> values)
    {
        var v = values.Where(x => x is not null).Select(x => x!.Value).ToList();
        return v.Count == 0 ? " – |" : Inv($" {100 * v.Average():0.0} |");
    }

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
