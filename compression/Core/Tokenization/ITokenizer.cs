namespace Compressor.Compression.Tokenization;

/// <summary>
/// Counts, encodes and decodes text in one model's vocabulary. Budgets are always counted with
/// the tokenizer that matters to the caller, so algorithms receive one of these rather than
/// guessing from characters. Implementations are thread-safe.
/// </summary>
public interface ITokenizer
{
    /// <summary>A stable name for records and cache keys (model file name or fingerprint).</summary>
    string Name { get; }

    /// <summary>Token ids of <paramref name="text"/>, without BOS or other added special tokens.</summary>
    int[] Encode(string text);

    /// <summary>Number of tokens <see cref="Encode"/> would return.</summary>
    int Count(string text);

    /// <summary>Text of a token sequence, joining bytes before UTF-8 decoding.</summary>
    string Decode(ReadOnlySpan<int> tokens);
}
