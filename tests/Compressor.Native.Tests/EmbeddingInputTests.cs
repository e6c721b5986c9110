using Compressor.Gguf;

namespace Compressor.Native.Tests;

[Collection(NativeCollection.Name)]
public sealed class EmbeddingInputTests(NativeFixture fixture)
{
    [Fact]
    public void Embedding_batch_of_token_rows_gives_the_token_paths_logits()
    {
        var file = GgufReader.Read(fixture.Model.Path);
        var table = GgufTensorData.ReadAsFloats(file, file.FindTensor("token_embd.weight")!);
        var n = fixture.Model.EmbeddingSize;
        var tokens = fixture.Model.Vocab.Tokenize("Input embeddings stand in for tokens.");

        using var byTokens = fixture.CreateContext();
        Decoding.Prefill(byTokens, tokens);

        using var byEmbeddings = fixture.CreateContext();
        using var batch = LlamaBatch.ForEmbeddings(tokens.Length, n);
        for (var i = 0; i < tokens.Length; i++)
        {
            batch.AddEmbedding(table.AsSpan(tokens[i] * n, n), i, 0, i == tokens.Length - 1);
        }

        byEmbeddings.Decode(batch);
        Assert.True(Decoding.MaxAbsDifference(byTokens.GetLogits(-1), byEmbeddings.GetLogits(-1)) < 1e-4f);

        // Token batches may follow embeddings in the same sequence.
        var next = fixture.Model.Vocab.Tokenize(" Next")[0];
        Decoding.Prefill(byTokens, [next], start: tokens.Length);
        Decoding.Prefill(byEmbeddings, [next], start: tokens.Length);
        Assert.True(Decoding.MaxAbsDifference(byTokens.GetLogits(-1), byEmbeddings.GetLogits(-1)) < 1e-4f);
    }

    [Fact]
    public void Hidden_states_are_available_per_output_with_logits()
    {
        var tokens = fixture.Model.Vocab.Tokenize("Hidden states per token.");
        using var context = fixture.CreateContext(embeddings: true);
        using var batch = LlamaBatch.ForTokens(tokens.Length);
        for (var i = 0; i < tokens.Length; i++)
        {
            batch.Add(tokens[i], i, 0, true);
        }

        context.Decode(batch);
        var first = context.GetEmbeddings(0).ToArray();
        var last = context.GetEmbeddings(tokens.Length - 1).ToArray();
        Assert.Equal(fixture.Model.EmbeddingSize, first.Length);
        Assert.NotEqual(first, last);
        Assert.All(last, v => Assert.True(float.IsFinite(v)));
        Assert.Equal(fixture.Model.Vocab.TokenCount, context.GetLogits(tokens.Length - 1).Length);
    }

    [Fact]
    public void Embedding_of_the_wrong_width_is_refused()
    {
        using var context = fixture.CreateContext();
        using var batch = LlamaBatch.ForEmbeddings(1, fixture.Model.EmbeddingSize + 1);
        batch.AddEmbedding(new float[fixture.Model.EmbeddingSize + 1], 0, 0, true);
        Assert.Equal(LlamaErrorCode.InvalidBatch, Assert.Throws<LlamaException>(() => context.Decode(batch)).Code);
    }
}
