namespace Compressor.Native.Tests;

[Collection(NativeCollection.Name)]
public sealed class GrammarSamplerTests(NativeFixture fixture)
{
    private int Token(string text)
    {
        var tokens = fixture.Model.Vocab.Tokenize(text);
        Assert.Single(tokens);
        return tokens[0];
    }

    [Fact]
    public void Allows_only_what_the_grammar_allows_and_ends_only_when_complete()
    {
        using var grammar = GrammarSampler.Create(fixture.Model.Vocab, """root ::= "a" "b"+ """);
        var a = Token("a");
        var b = Token("b");
        var z = Token("z");
        var eos = fixture.Model.Vocab.Eos;

        Assert.True(grammar.IsAllowed(a));
        Assert.False(grammar.IsAllowed(b));
        Assert.False(grammar.IsAllowed(eos));

        // A forbidden token is refused without touching the state (accepting it would abort the process).
        Assert.False(grammar.TryAccept(z));
        Assert.Throws<InvalidOperationException>(() => grammar.Accept(b));
        Assert.True(grammar.TryAccept(a));
        Assert.False(grammar.IsAllowed(eos));
        grammar.Accept(b);
        Assert.True(grammar.IsAllowed(eos));
        Assert.True(grammar.IsAllowed(b));
        Assert.False(grammar.IsAllowed(a));
    }

    [Fact]
    public void Clone_is_independent_and_reset_returns_to_start()
    {
        using var grammar = GrammarSampler.Create(fixture.Model.Vocab, """root ::= "a" "b" """);
        grammar.Accept(Token("a"));
        using var clone = grammar.Clone();
        clone.Accept(Token("b"));
        Assert.True(clone.IsAllowed(fixture.Model.Vocab.Eos));
        Assert.False(grammar.IsAllowed(fixture.Model.Vocab.Eos));
        grammar.Reset();
        Assert.True(grammar.IsAllowed(Token("a")));
    }

    [Fact]
    public void Full_mask_agrees_with_single_token_checks()
    {
        using var grammar = GrammarSampler.Create(fixture.Model.Vocab, """root ::= [0-9]+ "." [0-9] """);
        var logits = new float[fixture.Model.Vocab.TokenCount];
        var allowed = grammar.ApplyMask(logits);
        Assert.True(allowed > 0 && allowed < logits.Length);
        for (var t = 0; t < logits.Length; t++)
        {
            Assert.Equal(!float.IsNegativeInfinity(logits[t]), grammar.IsAllowed(t));
        }
    }

    [Theory]
    [InlineData("root ::= ( ")]
    [InlineData("root ::= undefined-rule")]
    [InlineData("this is not gbnf")]
    [InlineData("")]
    public void Invalid_grammar_is_a_clear_error(string gbnf)
    {
        var e = Assert.Throws<LlamaException>(() => GrammarSampler.Create(fixture.Model.Vocab, gbnf));
        Assert.Equal(LlamaErrorCode.GrammarInvalid, e.Code);
    }
}
