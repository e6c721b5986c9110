using System.Reflection;

namespace Compressor.Gguf.Generation;

/// <summary>
/// The built-in tokenizer for generated models: byte-level BPE ("gpt2" model, "qwen2" pre-tokenizer)
/// with merges learned from a small embedded English text. Layout: ids 0-255 are the byte tokens in
/// byte order, then one token per learned merge, then (only if the text ran out of merges) unused
/// "[PADn]" tokens, and the three control tokens last: &lt;|endoftext|&gt;, &lt;|im_start|&gt;, &lt;|im_end|&gt;.
/// </summary>
public sealed class ByteLevelBpeVocabulary
{
    public const int MinimumSize = 256 + 3;
    public const string EndOfText = "<|endoftext|>";
    public const string ImStart = "<|im_start|>";
    public const string ImEnd = "<|im_end|>";

    /// <summary>ChatML, which llama.cpp's template matcher recognizes by its &lt;|im_start|&gt; marker.</summary>
    public const string ChatMlTemplate =
        "{% for message in messages %}{{'<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n'}}{% endfor %}"
        + "{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}";

    // llama.cpp token types (llama.h LLAMA_TOKEN_TYPE_*).
    internal const int NormalType = 1;
    internal const int ControlType = 3;
    internal const int UnusedType = 5;

    private ByteLevelBpeVocabulary(string[] tokens, int[] tokenTypes, string[] merges)
    {
        Tokens = tokens;
        TokenTypes = tokenTypes;
        Merges = merges;
    }

    public IReadOnlyList<string> Tokens { get; }

    /// <summary>llama.cpp token types: 1 normal, 3 control, 5 unused.</summary>
    public IReadOnlyList<int> TokenTypes { get; }

    /// <summary>"left right" merge rules in rank order, as stored in tokenizer.ggml.merges.</summary>
    public IReadOnlyList<string> Merges { get; }

    public int EndOfTextId => Tokens.Count - 3;

    public int ImStartId => Tokens.Count - 2;

    /// <summary>End of a chat turn; used as EOS, as Qwen's instruct models do.</summary>
    public int ImEndId => Tokens.Count - 1;

    public static ByteLevelBpeVocabulary Build(int vocabSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(vocabSize, MinimumSize);
        var tokens = new List<string>(vocabSize);
        var known = new HashSet<string>(StringComparer.Ordinal);
        for (var b = 0; b < 256; b++)
        {
            var t = ByteLevelAlphabet.ForByte((byte)b).ToString();
            tokens.Add(t);
            known.Add(t);
        }

        // Different merge orders can spell the same string; such a merge adds a rule but no token,
        // so ask for more merges than there are free slots and stop when the slots are full.
        var slots = vocabSize - MinimumSize;
        var merges = new List<string>();
        foreach (var (left, right) in BpeTrainer.Train(LoadCorpus(), slots * 2))
        {
            if (tokens.Count - 256 >= slots)
            {
                break;
            }

            merges.Add($"{left} {right}");
            if (known.Add(left + right))
            {
                tokens.Add(left + right);
            }
        }

        var types = Enumerable.Repeat(NormalType, vocabSize).ToArray();
        for (var i = tokens.Count; i < vocabSize - 3; i++)
        {
            types[i] = UnusedType;
            tokens.Add($"[PAD{i}]");
        }

        tokens.AddRange([EndOfText, ImStart, ImEnd]);
        types[^3] = types[^2] = types[^1] = ControlType;
        return new ByteLevelBpeVocabulary([.. tokens], types, [.. merges]);
    }

    /// <summary>The tokenizer.* metadata llama.cpp needs to load this vocabulary.</summary>
    public IReadOnlyList<KeyValuePair<string, GgufValue>> ToMetadata() =>
    [
        new(GgufKeys.TokenizerModel, GgufValue.FromString("gpt2")),
        new(GgufKeys.TokenizerPre, GgufValue.FromString("qwen2")),
        new(GgufKeys.Tokens, GgufValue.ArrayOf([.. Tokens])),
        new(GgufKeys.TokenTypes, GgufValue.ArrayOf([.. TokenTypes])),
        new(GgufKeys.Merges, GgufValue.ArrayOf([.. Merges])),
        new(GgufKeys.BosTokenId, GgufValue.FromUInt32((uint)EndOfTextId)),
        new(GgufKeys.EosTokenId, GgufValue.FromUInt32((uint)ImEndId)),
        new(GgufKeys.PaddingTokenId, GgufValue.FromUInt32((uint)EndOfTextId)),
        new(GgufKeys.AddBosToken, GgufValue.FromBool(false)),
        new(GgufKeys.ChatTemplate, GgufValue.FromString(ChatMlTemplate)),
    ];

    private static string LoadCorpus()
    {
        var assembly = typeof(ByteLevelBpeVocabulary).Assembly;
        const string name = "Compressor.Gguf.Generation.BpeCorpus.txt";
        using var stream = assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"Embedded resource {name} is missing from {assembly.GetName().Name}.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
