using Compressor.Compression.Tokenization;

namespace Compressor.Compression.Tests.Fakes;

/// <summary>One token per word (a run of letters or digits) and one per other non-space character; whitespace is free.</summary>
public sealed class WordTokenizer : ITokenizer
{
    public string Name => "fake-words";

    public int Count(string text)
    {
        var count = 0;
        var inWord = false;
        foreach (var c in text)
        {
            if (char.IsLetterOrDigit(c))
            {
                count += inWord ? 0 : 1;
                inWord = true;
            }
            else
            {
                inWord = false;
                count += char.IsWhiteSpace(c) ? 0 : 1;
            }
        }

        return count;
    }

    public int[] Encode(string text) => Enumerable.Range(0, Count(text)).ToArray();

    public string Decode(ReadOnlySpan<int> tokens) => throw new NotSupportedException("the fake tokenizer only counts");
}
