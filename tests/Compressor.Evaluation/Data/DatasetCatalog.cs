namespace Compressor.Evaluation.Data;

/// <summary>The datasets the harness knows, by name, each read from its folder under the eval root.</summary>
internal static class DatasetCatalog
{
    public static IReadOnlyList<string> Names { get; } =
        ["hotpotqa", "squad", "kv", "nq", "longchat", "qmsum", "cnndm", "arxiv"];

    /// <summary>What a run without --datasets reads: all of them.</summary>
    public static IReadOnlyList<string> Default => Names;

    public static IReadOnlyList<EvalExample> Load(string name, string root, int limit) => name switch
    {
        "hotpotqa" => HotpotQaLoader.Load(Require(root, "hotpotqa_dev_distractor_first53/hotpot_dev_distractor_v1.first53.json"), limit),
        "squad" => SquadLoader.Load(Require(root, "squad_v2_dev_first5/dev-v1.1.json"), limit),
        "kv" => LostInTheMiddleLoader.LoadKv(Require(root, "lost_in_the_middle_nq/kv_retrieval_data/kv-retrieval-75_keys.jsonl.gz"), limit),
        "nq" => LostInTheMiddleLoader.LoadNq(Require(root, "lost_in_the_middle_nq/qa_data/nq-open-oracle.jsonl.gz"), limit),
        "longchat" => LongChatLoader.Load(Require(root, "longchat_longeval/longeval/evaluation/lines/testcases/200_lines.jsonl"), limit),
        "qmsum" => QmSumLoader.Load(Require(root, "qmsum/data/ALL/jsonl/val.jsonl"), limit),
        "cnndm" => CnnDailyMailLoader.Load(Require(root, "cnn_dailymail_sample/data/train_sample.csv"), limit),
        "arxiv" => ArxivLoader.Load(RequireDirectory(root, "arxiv_march_2023_sample"), limit),
        _ => throw new ArgumentException($"unknown dataset '{name}' (known: {string.Join(", ", Names)})", nameof(name)),
    };

    private static string Require(string root, string relative)
    {
        var path = Path.Combine(root, relative);
        if (!File.Exists(path))
        {
            throw new DatasetMissingException(
                $"dataset file '{path}' is missing: the evaluation data lives in ../shared/eval (see its README.md); pass --data DIR to point elsewhere");
        }

        return path;
    }

    private static string RequireDirectory(string root, string relative)
    {
        var path = Path.Combine(root, relative);
        if (!Directory.Exists(path))
        {
            throw new DatasetMissingException(
                $"dataset folder '{path}' is missing: the evaluation data lives in ../shared/eval (see its README.md); pass --data DIR to point elsewhere");
        }

        return path;
    }
}
