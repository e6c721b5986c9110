namespace Compressor.Native.Tests;

[Collection(NativeCollection.Name)]
public sealed class DecodeTests(NativeFixture fixture)
{
    private const string Prompt = "The quick brown fox jumps over the lazy dog. It was a sunny day in the park.";

    [Fact]
    public void Greedy_generation_is_deterministic_and_finite()
    {
        var tokens = fixture.Model.Vocab.Tokenize(Prompt);
        List<int> Run()
        {
            using var context = fixture.CreateContext();
            Decoding.Prefill(context, tokens);
            Assert.All(context.GetLogits(-1).ToArray(), v => Assert.True(float.IsFinite(v)));
            return Decoding.Greedy(context, tokens.Length, 12);
        }

        var first = Run();
        Assert.Equal(12, first.Count);
        Assert.Equal(first, Run());
    }

    [Fact]
    public void Removing_the_tail_then_decoding_equals_a_fresh_prefill()
    {
        var tokens = fixture.Model.Vocab.Tokenize(Prompt);
        var keep = tokens.Length / 2;
        using var evicted = fixture.CreateContext();
        Decoding.Prefill(evicted, tokens);
        Assert.True(evicted.RemoveTokens(0, keep, -1));
        Assert.Equal(keep - 1, evicted.PositionMax(0));
        Decoding.Prefill(evicted, [tokens[keep]], start: keep);

        using var fresh = fixture.CreateContext();
        Decoding.Prefill(fresh, tokens[..(keep + 1)]);
        Assert.True(Decoding.MaxAbsDifference(evicted.GetLogits(-1), fresh.GetLogits(-1)) < 1e-4f);
    }

    [Fact]
    public void Shifting_all_positions_keeps_relative_attention()
    {
        var tokens = fixture.Model.Vocab.Tokenize(Prompt);
        using var shifted = fixture.CreateContext();
        Assert.True(shifted.CanShift);
        Decoding.Prefill(shifted, tokens, start: 40);
        shifted.ShiftPositions(0, 0, -1, -40);
        Assert.Equal(0, shifted.PositionMin(0));
        Assert.Equal(tokens.Length - 1, shifted.PositionMax(0));
        var next = fixture.Model.Vocab.Tokenize(" Then")[0];
        Decoding.Prefill(shifted, [next], start: tokens.Length);

        using var fresh = fixture.CreateContext();
        Decoding.Prefill(fresh, [.. tokens, next]);
        Assert.True(Decoding.MaxAbsDifference(shifted.GetLogits(-1), fresh.GetLogits(-1)) < 1e-2f);
    }

    [Fact]
    public void Removing_a_middle_range_leaves_a_hole_that_decoding_tolerates()
    {
        var tokens = fixture.Model.Vocab.Tokenize(Prompt);
        using var context = fixture.CreateContext();
        Decoding.Prefill(context, tokens);
        Assert.True(context.RemoveTokens(0, 2, 6));
        context.ShiftPositions(0, 6, -1, -4);
        Assert.Equal(tokens.Length - 5, context.PositionMax(0));
        var generated = Decoding.Greedy(context, context.PositionMax(0) + 1, 3);
        Assert.Equal(3, generated.Count);
    }

    [Fact]
    public void Sequence_state_save_and_restore_gives_identical_logits()
    {
        var tokens = fixture.Model.Vocab.Tokenize(Prompt);
        using var source = fixture.CreateContext(sequences: 2);
        Decoding.Prefill(source, tokens);
        var state = source.SaveSequenceState(0);
        Assert.NotEmpty(state);

        using var target = fixture.CreateContext(sequences: 2);
        target.RestoreSequenceState(1, state);
        Assert.Equal(tokens.Length - 1, target.PositionMax(1));

        var next = fixture.Model.Vocab.Tokenize(" and")[0];
        Decoding.Prefill(source, [next], start: tokens.Length, sequence: 0);
        Decoding.Prefill(target, [next], start: tokens.Length, sequence: 1);
        Assert.Equal(source.GetLogits(-1).ToArray(), target.GetLogits(-1).ToArray());
    }

    [Fact]
    public void Restoring_state_into_a_different_layout_is_an_error_not_a_crash()
    {
        var tokens = fixture.Model.Vocab.Tokenize(Prompt);
        using var source = fixture.CreateContext(sequences: 1);
        Decoding.Prefill(source, tokens);
        var state = source.SaveSequenceState(0);
        using var target = fixture.CreateContext();
        var e = Assert.Throws<LlamaException>(() => target.RestoreSequenceState(0, state.AsSpan(0, state.Length / 3)));
        Assert.Equal(LlamaErrorCode.StateRestoreFailed, e.Code);
    }

    [Fact]
    public void Parallel_sequences_share_a_prefix_by_copy()
    {
        var tokens = fixture.Model.Vocab.Tokenize(Prompt);
        using var context = fixture.CreateContext(sequences: 3);
        Decoding.Prefill(context, tokens);
        var expected = context.GetLogits(-1).ToArray();
        context.CopySequence(0, 2);
        Assert.Equal(tokens.Length - 1, context.PositionMax(2));
        context.RemoveTokens(0, -1, -1);
        Assert.Equal(-1, context.PositionMax(0));

        // Re-decoding the last token on the copy reproduces the original logits.
        Assert.True(context.RemoveTokens(2, tokens.Length - 1, -1));
        Decoding.Prefill(context, [tokens[^1]], start: tokens.Length - 1, sequence: 2);
        Assert.True(Decoding.MaxAbsDifference(expected, context.GetLogits(-1)) < 1e-4f);
    }
}
