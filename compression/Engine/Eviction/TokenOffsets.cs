using System.Text;

namespace Compressor.Engine.Eviction;

/// <summary>
/// Character spans of tokens in the text they were tokenized from. Token bytes are decoded in order
/// (a character belongs to the token that completes it), then the decoded text is aligned to the
/// input, which tolerates whitespace a tokenizer adds or normalizes (SentencePiece's leading space).
/// </summary>
public static class TokenOffsets
{
    public static (int Start, int End)[] Compute(IReadOnlyList<byte[]> pieces, string text)
    {
        ArgumentNullException.ThrowIfNull(pieces);
        ArgumentNullException.ThrowIfNull(text);
        var decoder = Encoding.UTF8.GetDecoder();
        var decoded = new StringBuilder();
        var spans = new (int Start, int End)[pieces.Count];
        var chars = new char[64];
        for (var i = 0; i < pieces.Count; i++)
        {
            var bytes = pieces[i];
            var needed = decoder.GetCharCount(bytes, 0, bytes.Length, flush: false);
            if (needed > chars.Length)
            {
                chars = new char[needed];
            }

            var n = decoder.GetChars(bytes, 0, bytes.Length, chars, 0, flush: false);
            spans[i] = (decoded.Length, decoded.Length + n);
            decoded.Append(chars, 0, n);
        }

        var map = Align(decoded.ToString(), text);
        for (var i = 0; i < spans.Length; i++)
        {
            spans[i] = (map[spans[i].Start], map[spans[i].End]);
        }

        return spans;
    }

    /// <summary>For each index of <paramref name="decoded"/> (and its end), the matching index of <paramref name="text"/>; non-decreasing.</summary>
    public static int[] Align(string decoded, string text)
    {
        ArgumentNullException.ThrowIfNull(decoded);
        ArgumentNullException.ThrowIfNull(text);
        var map = new int[decoded.Length + 1];
        if (decoded == text)
        {
            for (var k = 0; k < map.Length; k++)
            {
                map[k] = k;
            }

            return map;
        }

        var (i, j) = (0, 0);
        while (i < decoded.Length)
        {
            if (j < text.Length && decoded[i] == text[j])
            {
                map[i++] = j++;
            }
            else if (char.IsWhiteSpace(decoded[i]))
            {
                // Whitespace the tokenizer added: it takes no characters of the input.
                map[i++] = j;
            }
            else if (j < text.Length && char.IsWhiteSpace(text[j]))
            {
                j++;
            }
            else
            {
                // A substituted character (normalization, replacement character): one for one.
                map[i++] = j;
                j = Math.Min(j + 1, text.Length);
            }
        }

        map[decoded.Length] = j;
        return map;
    }
}
