using System.Text;
using Compressor.Testing.Paths;

namespace Compressor.Native.Tests;

[Collection(NativeCollection.Name)]
public sealed class TokenizerTests(NativeFixture fixture)
{
    [Theory]
    [InlineData("Hello world, this is a test.")]
    [InlineData("Numbers 3.14159 and 2026-11-22; symbols {}[]<>!?")]
    [InlineData("Grüße, naïve café — 日本語のテキスト 🚀✨ end")]
    [InlineData("  leading and trailing spaces  \n\ttabs\n")]
    public void Tokenize_then_detokenize_round_trips(string text)
    {
        var vocab = fixture.Model.Vocab;
        var tokens = vocab.Tokenize(text);
        Assert.NotEmpty(tokens);
        Assert.Equal(text, vocab.Detokenize(tokens));
        Assert.Equal(tokens.Length, vocab.CountTokens(text));
    }

    [Fact]
    public void Multibyte_characters_split_across_tokens_decode_once_joined()
    {
        var vocab = fixture.Model.Vocab;
        const string text = "日本語 🚀";
        var tokens = vocab.Tokenize(text);
        var pieces = tokens.Select(t => vocab.TokenToBytes(t)).ToList();

        // A byte-level vocabulary this small must split some 3- and 4-byte characters.
        Assert.Contains(pieces, p => !IsCompleteUtf8(p));
        var joined = pieces.SelectMany(p => p).ToArray();
        Assert.Equal(text, Encoding.UTF8.GetString(joined));
    }

    [Fact]
    public void Special_tokens_are_added_and_parsed_only_when_asked()
    {
        var vocab = fixture.Model.Vocab;
        var plain = vocab.Tokenize("<|im_start|>user");
        var parsed = vocab.Tokenize("<|im_start|>user", parseSpecial: true);
        Assert.True(parsed.Length < plain.Length);
        Assert.True(vocab.IsControl(parsed[0]));
        Assert.True(vocab.IsEndOfGeneration(vocab.Eos));
    }

    [Fact]
    public void Out_of_range_token_ids_are_rejected_not_crashing()
    {
        var vocab = fixture.Model.Vocab;
        var e = Assert.Throws<LlamaException>(() => vocab.Detokenize([0, vocab.TokenCount + 5]));
        Assert.Equal(LlamaErrorCode.InvalidArgument, e.Code);
        Assert.Throws<LlamaException>(() => vocab.TokenToBytes(-1));
    }

    [Fact]
    public void Vocab_only_load_tokenizes_without_weights()
    {
        using var vocabOnly = LlamaModel.Load(fixture.Model.Path, new LlamaModelOptions { VocabOnly = true });
        Assert.True(vocabOnly.IsVocabOnly);
        const string text = "Counting tokens for another LLM.";
        Assert.Equal(fixture.Model.Vocab.Tokenize(text), vocabOnly.Vocab.Tokenize(text));
        Assert.Throws<LlamaException>(() => LlamaContext.Create(vocabOnly));
    }

    [Fact]
    public void Qwen_tokenizer_of_the_shared_model_round_trips_when_present()
    {
        var path = Path.Combine(RepositoryPaths.Shared, "models", "tiny-random-qwen3-qwen3tok-F16.gguf");
        if (!File.Exists(path))
        {
            // The generated models above cover the same code; this adds a real 151k-token vocabulary.
            return;
        }

        using var model = LlamaModel.Load(path, new LlamaModelOptions { VocabOnly = true });
        Assert.Equal(LlamaVocabType.Bpe, model.Vocab.Type);
        const string text = "Hello world, héllo 日本語! 3.14 🚀";
        var tokens = model.Vocab.Tokenize(text);
        Assert.Equal(text, model.Vocab.Detokenize(tokens));
        Assert.True(tokens.Length < Encoding.UTF8.GetByteCount(text));
    }

    [Fact]
    public void Chat_template_formats_chatml()
    {
        var text = fixture.Model.ApplyChatTemplate([("system", "Be brief."), ("user", "Hi")], addAssistantPrefix: true);
        Assert.Contains("<|im_start|>system\nBe brief.<|im_end|>", text, StringComparison.Ordinal);
        Assert.EndsWith("<|im_start|>assistant\n", text, StringComparison.Ordinal);
    }

    private static bool IsCompleteUtf8(byte[] bytes)
    {
        try
        {
            new UTF8Encoding(false, true).GetString(bytes);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }
}
