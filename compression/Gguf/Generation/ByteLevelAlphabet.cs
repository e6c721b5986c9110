namespace Compressor.Gguf.Generation;

/// <summary>
/// GPT-2's byte-to-unicode table: printable Latin-1 bytes stand for themselves, the other 68 bytes
/// are shifted to U+0100 and up, so every byte has a visible, whitespace-free character. Byte-level
/// BPE vocabularies (and llama.cpp's "gpt2" tokenizer) spell tokens in these characters.
/// </summary>
public static class ByteLevelAlphabet
{
    private static readonly char[] ByteToChar = BuildTable();

    public static char ForByte(byte value) => ByteToChar[value];

    /// <summary>Spells UTF-8 bytes in the byte-level alphabet.</summary>
    public static string Encode(ReadOnlySpan<byte> bytes)
    {
        var chars = new char[bytes.Length];
        for (var i = 0; i < bytes.Length; i++)
        {
            chars[i] = ByteToChar[bytes[i]];
        }

        return new string(chars);
    }

    private static char[] BuildTable()
    {
        var table = new char[256];
        var next = 256;
        for (var b = 0; b < 256; b++)
        {
            var printable = b is >= '!' and <= '~' or >= 0xA1 and <= 0xAC or >= 0xAE and <= 0xFF;
            table[b] = printable ? (char)b : (char)next++;
        }

        return table;
    }
}
