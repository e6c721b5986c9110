using Compressor.Native.Capture;

namespace Compressor.Native.Tests;

[Collection(NativeCollection.Name)]
public sealed class ErrorPathTests(NativeFixture fixture)
{
    [Fact]
    public void Missing_file_names_the_file()
    {
        var e = Assert.Throws<LlamaException>(() => LlamaModel.Load("/nonexistent/model.gguf"));
        Assert.Equal(LlamaErrorCode.ModelLoadFailed, e.Code);
        Assert.Contains("/nonexistent/model.gguf", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Non_gguf_and_truncated_files_fail_cleanly()
    {
        var dir = Directory.CreateTempSubdirectory("compressor-bad-");
        try
        {
            var text = Path.Combine(dir.FullName, "notes.gguf");
            File.WriteAllText(text, "this is not a model");
            Assert.Equal(LlamaErrorCode.ModelLoadFailed, Assert.Throws<LlamaException>(() => LlamaModel.Load(text)).Code);

            var truncated = Path.Combine(dir.FullName, "truncated.gguf");
            var bytes = File.ReadAllBytes(fixture.Model.Path);
            File.WriteAllBytes(truncated, bytes[..(bytes.Length / 2)]);
            var e = Assert.Throws<LlamaException>(() => LlamaModel.Load(truncated));
            Assert.Contains("truncated.gguf", e.Message, StringComparison.Ordinal);
        }
        finally
        {
            dir.Delete(true);
        }
    }

    [Fact]
    public void Full_cache_reports_no_kv_slot()
    {
        using var context = fixture.CreateContext(cells: 256);
        var filler = Enumerable.Repeat(fixture.Model.Vocab.Tokenize("a")[0], context.ContextSize).ToArray();
        Decoding.Prefill(context, filler);
        var e = Assert.Throws<LlamaException>(() => Decoding.Prefill(context, [filler[0]], start: context.ContextSize));
        Assert.Equal(LlamaErrorCode.NoKvSlot, e.Code);
        Assert.Equal(1, e.NativeStatus);
    }

    [Fact]
    public void Inconsistent_positions_are_an_invalid_batch()
    {
        var tokens = fixture.Model.Vocab.Tokenize("hello there");
        using var context = fixture.CreateContext();
        Decoding.Prefill(context, tokens);
        var e = Assert.Throws<LlamaException>(() => Decoding.Prefill(context, tokens, start: tokens.Length + 10));
        Assert.Equal(LlamaErrorCode.InvalidBatch, e.Code);
    }

    [Fact]
    public void Bad_batches_are_refused_before_reaching_native_code()
    {
        using var context = fixture.CreateContext();
        using var empty = LlamaBatch.ForTokens(2);
        Assert.Equal(LlamaErrorCode.InvalidBatch, Assert.Throws<LlamaException>(() => context.Decode(empty)).Code);

        using var bad = LlamaBatch.ForTokens(1);
        bad.Add(fixture.Model.Vocab.TokenCount + 1, 0, 0, true);
        Assert.Equal(LlamaErrorCode.InvalidArgument, Assert.Throws<LlamaException>(() => context.Decode(bad)).Code);
        Assert.Throws<InvalidOperationException>(() => bad.Add(1, 1, 0, true));
        Assert.Throws<InvalidOperationException>(() => bad.AddEmbedding(new float[4], 0, 0, true));
    }

    [Fact]
    public void Cancellation_during_decode_aborts_it()
    {
        var tokens = fixture.Model.Vocab.Tokenize(string.Concat(Enumerable.Repeat("Cancel me while I run. ", 20)));
        using var context = fixture.CreateContext(capture: true);
        using var cts = new CancellationTokenSource();
        context.TensorObserver = new CancelOnFirstTensor(cts);
        Assert.ThrowsAny<OperationCanceledException>(() => Decoding.Prefill(context, tokens, ct: cts.Token));

        // The context stays usable after an abort.
        context.TensorObserver = null;
        context.ClearMemory();
        Decoding.Prefill(context, tokens[..5]);
        Assert.True(float.IsFinite(context.GetLogits(-1)[0]));
    }

    [Fact]
    public void Already_cancelled_token_never_decodes()
    {
        using var context = fixture.CreateContext();
        Assert.ThrowsAny<OperationCanceledException>(() => Decoding.Prefill(context, [1, 2], ct: new CancellationToken(true)));
        Assert.Equal(-1, context.PositionMax(0));
    }

    private sealed class CancelOnFirstTensor(CancellationTokenSource cts) : ITensorObserver
    {
        public bool Wants(ReadOnlySpan<byte> nameUtf8) => true;

        public void OnTensor(in TensorView tensor) => cts.Cancel();
    }
}
