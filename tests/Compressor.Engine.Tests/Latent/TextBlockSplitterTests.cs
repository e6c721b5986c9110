using Compressor.Engine.Latent;
using Compressor.Native;

namespace Compressor.Engine.Tests.Latent;

[Collection(LatentCollection.Name)]
public sealed class TextBlockSplitterTests(LatentFixture fixture)
{
    [Theory]
    [InlineData("Short.", 4)]
    [InlineData("Plain ASCII text that runs over several blocks of tokens, then stops.", 5)]
    [InlineData("Ünïcödé, 中文字符 and emoji 🎉🎉 split across token boundaries — still whole.", 3)]
    [InlineData("One", 1)]
    public void Blocks_reassemble_the_text_and_the_tokenization(string text, int blockSize)
    {
        using var model = LlamaModel.Load(fixture.EncoderPath, new LlamaModelOptions { VocabOnly = true });
        var tokens = model.Vocab.Tokenize(text);
        var blocks = TextBlockSplitter.Split(model.Vocab, text, blockSize);

        Assert.Equal((tokens.Length + blockSize - 1) / blockSize, blocks.Count);
        Assert.All(blocks, b => Assert.InRange(b.Tokens.Length, 1, blockSize));
        Assert.Equal(tokens, blocks.SelectMany(b => b.Tokens));
        Assert.Equal(0, blocks[0].Start);
        Assert.Equal(text.Length, blocks[^1].End);
        for (var i = 1; i < blocks.Count; i++)
        {
            Assert.Equal(blocks[i - 1].End, blocks[i].Start);
        }

        Assert.Equal(text, string.Concat(blocks.Select(b => text[b.Start..b.End])));
    }

    [Fact]
    public void Spans_follow_token_bytes_and_a_split_character_goes_to_the_next_block()
    {
        // "aé" as three one-byte tokens: 'a', then the two bytes of 'é' in separate tokens.
        var blocks = TextBlockSplitter.Split([1, 2, 3], _ => 1, "aé", 2);
        Assert.Equal([(0, 1), (1, 2)], blocks.Select(b => (b.Start, b.End)));
        Assert.Empty(TextBlockSplitter.Split([], _ => 1, "", 2));
    }
}
