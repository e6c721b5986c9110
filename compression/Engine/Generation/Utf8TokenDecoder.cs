using System.Text;

namespace Compressor.Engine.Generation;

/// <summary>
/// Turns a stream of token byte pieces into text: a token may end in the middle of a UTF-8
/// character, so bytes are buffered until the character is complete.
/// </summary>
public sealed class Utf8TokenDecoder
{
    private readonly Decoder decoder = new UTF8Encoding(false, false).GetDecoder();
    private char[] chars = new char[64];

    public string Push(ReadOnlySpan<byte> bytes)
    {
        var needed = decoder.GetCharCount(bytes, flush: false);
        if (needed > chars.Length)
        {
            chars = new char[Math.Max(needed, chars.Length * 2)];
        }

        var n = decoder.GetChars(bytes, chars, flush: false);
        return new string(chars, 0, n);
    }

    /// <summary>Whatever is left at the end (an incomplete character becomes U+FFFD).</summary>
    public string Flush()
    {
        var n = decoder.GetChars(ReadOnlySpan<byte>.Empty, chars, flush: true);
        return new string(chars, 0, n);
    }
}
