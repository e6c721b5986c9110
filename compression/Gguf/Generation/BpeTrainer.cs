using System.Text;
using System.Text.RegularExpressions;

namespace Compressor.Gguf.Generation;

/// <summary>
/// Learns byte-level BPE merges from text the classic way (Sennrich et al. 2016): split into
/// pre-tokens, spell each in the byte-level alphabet, then repeatedly merge the most frequent
/// adjacent pair. Ties go to the ordinally smallest pair so the result is fully deterministic.
/// </summary>
internal static partial class BpeTrainer
{
    /// <summary>Returns up to <paramref name="maxMerges"/> merges, each (left, right), in rank order.</summary>
    public static List<(string Left, string Right)> Train(string text, int maxMerges)
    {
        // Distinct pre-tokens with their counts, each as a list of symbol strings.
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (Match m in PreTokenizer().Matches(text))
        {
            var spelled = ByteLevelAlphabet.Encode(Encoding.UTF8.GetBytes(m.Value));
            counts[spelled] = counts.GetValueOrDefault(spelled) + 1;
        }

        var words = counts
            .OrderBy(kv => kv.Key, StringComparer.Ordinal)
            .Select(kv => (Symbols: kv.Key.Select(c => c.ToString()).ToList(), Count: kv.Value))
            .ToList();

        var merges = new List<(string, string)>(maxMerges);
        var pairCounts = new Dictionary<(string, string), int>();
        while (merges.Count < maxMerges)
        {
            pairCounts.Clear();
            foreach (var (symbols, count) in words)
            {
                for (var i = 0; i + 1 < symbols.Count; i++)
                {
                    var pair = (symbols[i], symbols[i + 1]);
                    pairCounts[pair] = pairCounts.GetValueOrDefault(pair) + count;
                }
            }

            if (pairCounts.Count == 0)
            {
                break; // every pre-token is a single symbol: nothing left to learn
            }

            var best = pairCounts.First();
            foreach (var kv in pairCounts)
            {
                if (kv.Value > best.Value || (kv.Value == best.Value && ComparePairs(kv.Key, best.Key) < 0))
                {
                    best = kv;
                }
            }

            var (left, right) = best.Key;
            merges.Add((left, right));
            var joined = left + right;
            foreach (var (symbols, _) in words)
            {
                for (var i = 0; i + 1 < symbols.Count; i++)
                {
                    if (symbols[i] == left && symbols[i + 1] == right)
                    {
                        symbols[i] = joined;
                        symbols.RemoveAt(i + 1);
                    }
                }
            }
        }

        return merges;
    }

    private static int ComparePairs((string, string) a, (string, string) b)
    {
        var c = string.CompareOrdinal(a.Item1, b.Item1);
        return c != 0 ? c : string.CompareOrdinal(a.Item2, b.Item2);
    }

    // The pre-tokenizer llama.cpp uses for tokenizer.ggml.pre = "qwen2" (llama-vocab.cpp), so merges are
    // learned on the same pieces that llama.cpp will apply them to.
    [GeneratedRegex(@"(?:'[sS]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD])|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+")]
    private static partial Regex PreTokenizer();
}
