using System.Text;
using Compressor.Native;

namespace Compressor.Engine.Latent;

/// <summary>
/// Tokenizes a text and cuts the tokens into consecutive blocks of at most the block size, with the
/// char span each block covers. Spans are contiguous and cover the whole text, so the blocks'
/// spans reassemble the input exactly; a token that ends inside a multi-byte character puts the
/// boundary before that character.
/// </summary>
public static class TextBlockSplitter
{
    public static IReadOnlyList<TextBlock> Split(LlamaVocab vocab, string text, int blockSize)
    {
        ArgumentNullException.ThrowIfNull(vocab);
        ArgumentNullException.ThrowIfNull(text);
        ArgumentOutOfRangeException.ThrowIfLessThan(blockSize, 1);
        if (text.Length == 0)
        {
            return [];
        }

        var tokens = vocab.Tokenize(text, addSpecial: false, parseSpecial: false);
        return Split(tokens, t => vocab.TokenToBytes(t).Length, text, blockSize);
    }

    /// <summary>The pure part: <paramref name="byteLength"/> gives each token's UTF-8 length.</summary>
    public static IReadOnlyList<TextBlock> Split(int[] tokens, Func<int, int> byteLength, string text, int blockSize)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        ArgumentNullException.ThrowIfNull(byteLength);
        ArgumentNullException.ThrowIfNull(text);
        ArgumentOutOfRangeException.ThrowIfLessThan(blockSize, 1);
        if (tokens.Length == 0)
        {
            return [];
        }

        var charAtByte = CharIndexByByte(text);
        var totalBytes = charAtByte.Length - 1;
        var blocks = new List<TextBlock>();
        var bytes = 0;
        var start = 0;
        for (var first = 0; first < tokens.Length; first += blockSize)
        {
            var count = Math.Min(blockSize, tokens.Length - first);
            for (var i = first; i < first + count; i++)
            {
                bytes += byteLength(tokens[i]);
            }

            var last = first + count == tokens.Length;
            var end = last ? text.Length : charAtByte[Math.Min(bytes, totalBytes)];
            end = Math.Max(end, start);
            blocks.Add(new TextBlock(start, end, tokens.AsSpan(first, count).ToArray()));
            start = end;
        }

        return blocks;
    }

    /// <summary>For each UTF-8 byte offset, the char index of the character that starts at or contains it.</summary>
    private static int[] CharIndexByByte(string text)
    {
        var map = new int[Encoding.UTF8.GetByteCount(text) + 1];
        var b = 0;
        for (var c = 0; c < text.Length;)
        {
            var width = char.IsHighSurrogate(text[c]) && c + 1 < text.Length && char.IsLowSurrogate(text[c + 1]) ? 2 : 1;
            var n = Encoding.UTF8.GetByteCount(text.AsSpan(c, width));
            for (var k = 0; k < n; k++)
            {
                map[b + k] = c;
            }

            b += n;
            c += width;
        }

        map[b] = text.Length;
        return map;
    }
}
