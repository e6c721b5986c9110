using Compressor.Gguf.Generation;

namespace Compressor.Gguf.Tests;

public sealed class ByteLevelBpeVocabularyTests
{
    [Theory]
    [InlineData(259)]
    [InlineData(300)]
    [InlineData(512)]
    [InlineData(600)]
    public void Layout_is_bytes_then_merges_then_three_control_tokens(int size)
    {
        var v = ByteLevelBpeVocabulary.Build(size);

        Assert.Equal(size, v.Tokens.Count);
        Assert.Equal(size, v.TokenTypes.Count);
        for (var b = 0; b < 256; b++)
        {
            Assert.Equal(ByteLevelAlphabet.ForByte((byte)b).ToString(), v.Tokens[b]);
        }

        Assert.Equal("Ġ", v.Tokens[' ']);
        Assert.Equal("A", v.Tokens['A']);
        Assert.Equal(["<|endoftext|>", "<|im_start|>", "<|im_end|>"], v.Tokens.Skip(size - 3));
        Assert.Equal((size - 3, size - 2, size - 1), (v.EndOfTextId, v.ImStartId, v.ImEndId));
        Assert.All(v.TokenTypes.Take(size - 3), t => Assert.Equal(1, t));
        Assert.All(v.TokenTypes.Skip(size - 3), t => Assert.Equal(3, t));
        Assert.Equal(size, v.Tokens.Distinct().Count());
    }

    [Fact]
    public void Every_merge_joins_known_tokens_into_a_known_token()
    {
        var v = ByteLevelBpeVocabulary.Build(600);
        var known = new HashSet<string>(v.Tokens);

        Assert.True(v.Merges.Count >= 600 - 259);
        foreach (var merge in v.Merges)
        {
            var parts = merge.Split(' ');
            Assert.Equal(2, parts.Length);
            Assert.Contains(parts[0], known);
            Assert.Contains(parts[1], known);
            Assert.Contains(parts[0] + parts[1], known);
        }
    }

    [Fact]
    public void Merges_learn_whole_common_words()
    {
        var v = ByteLevelBpeVocabulary.Build(512);

        Assert.Contains("Ġthe", v.Tokens);
        Assert.Contains("Ġand", v.Tokens);
        Assert.True(v.Tokens.Take(509).Average(t => t.Length) > 1.5);
        Assert.Equal(["Ġ t", "h e"], v.Merges.Take(2));
    }

    [Fact]
    public void Build_is_deterministic()
    {
        var a = ByteLevelBpeVocabulary.Build(400);
        var b = ByteLevelBpeVocabulary.Build(400);
        Assert.Equal(a.Tokens, b.Tokens);
        Assert.Equal(a.Merges, b.Merges);
    }

    [Fact]
    public void A_vocabulary_larger_than_the_text_supports_is_padded_with_unused_tokens()
    {
        var v = ByteLevelBpeVocabulary.Build(20_000);

        Assert.Equal(20_000, v.Tokens.Count);
        Assert.Equal($"[PAD{v.EndOfTextId - 1}]", v.Tokens[v.EndOfTextId - 1]);
        Assert.Equal(5, v.TokenTypes[v.EndOfTextId - 1]);
        Assert.Equal(20_000, v.Tokens.Distinct().Count());
    }

    [Fact]
    public void Too_small_a_vocabulary_is_refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => ByteLevelBpeVocabulary.Build(258));

    [Fact]
    public void Metadata_declares_a_gpt2_tokenizer_with_ChatML()
    {
        var v = ByteLevelBpeVocabulary.Build(300);
        var md = v.ToMetadata().ToDictionary(kv => kv.Key, kv => kv.Value);

        Assert.Equal("gpt2", md[GgufKeys.TokenizerModel].AsString());
        Assert.Equal("qwen2", md[GgufKeys.TokenizerPre].AsString());
        Assert.Equal(v.ImEndId, md[GgufKeys.EosTokenId].ToInt32());
        Assert.Equal(v.EndOfTextId, md[GgufKeys.BosTokenId].ToInt32());
        Assert.False(md[GgufKeys.AddBosToken].AsBool());
        Assert.Contains("<|im_start|>", md[GgufKeys.ChatTemplate].AsString());
        Assert.Equal(300, md[GgufKeys.Tokens].ArrayLength);
    }
}
