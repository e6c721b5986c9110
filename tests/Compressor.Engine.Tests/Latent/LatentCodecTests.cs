using Compressor.Engine.Latent;
using Compressor.Engine.Scheduling;
using Compressor.Native;

namespace Compressor.Engine.Tests.Latent;

[Collection(LatentCollection.Name)]
public sealed class LatentCodecTests(LatentFixture fixture)
{
    [Fact]
    public async Task Encode_gives_one_block_of_L_decoder_sized_vectors_per_block_size_tokens()
    {
        var set = await fixture.Service.EncodeAsync(fixture.Text, null, CancellationToken.None);
        using var handle = await fixture.Registry.AcquireAsync("enc", CancellationToken.None);
        var tokens = handle.Loaded.Model.Vocab.Tokenize(fixture.Text);

        Assert.Equal((tokens.Length + LatentFixture.Block - 1) / LatentFixture.Block, set.Blocks.Count);
        Assert.Equal(tokens.Length, set.TextTokens);
        Assert.All(set.Blocks, b => Assert.Equal(LatentFixture.Queries * LatentFixture.DecoderHidden, b.Vectors.Length));
        Assert.All(set.Blocks, b => Assert.All(b.Vectors, v => Assert.True(float.IsFinite(v))));
        Assert.Equal(set.Blocks.Count * LatentFixture.Queries, set.LatentCount);
        Assert.Equal((double)tokens.Length / set.LatentCount, set.Ratio, 9);
        Assert.Equal("toy", set.Adapter);
        Assert.Equal(LatentFixture.DecoderHidden, set.HiddenSize);
    }

    [Fact]
    public async Task Encoding_matches_a_hand_computed_block_and_parallel_sequences_match_one_at_a_time()
    {
        var set = await fixture.Service.EncodeAsync(fixture.Text, null, CancellationToken.None);
        using var handle = await fixture.Registry.AcquireAsync("enc", CancellationToken.None);
        var model = handle.Loaded.Model;
        var blocks = TextBlockSplitter.Split(model.Vocab, fixture.Text, LatentFixture.Block);
        var adapter = fixture.Adapter;

        // By hand: text tokens, the marker, then the queries, in a fresh single-sequence context.
        using var context = LlamaContext.Create(model, new LlamaContextOptions { ContextSize = 256, Embeddings = true, Pooling = PoolingType.None, Threads = 1, BatchThreads = 1 });
        var tokens = blocks[1].Tokens.Append(LatentFixture.StartToken).ToArray();
        using (var batch = LlamaBatch.ForTokens(tokens.Length))
        {
            for (var i = 0; i < tokens.Length; i++)
            {
                batch.Add(tokens[i], i, 0, false);
            }

            context.Decode(batch);
        }

        using var queries = LlamaBatch.ForEmbeddings(LatentFixture.Queries, LatentFixture.EncoderHidden);
        for (var q = 0; q < LatentFixture.Queries; q++)
        {
            queries.AddEmbedding(adapter.Queries.AsSpan(q * LatentFixture.EncoderHidden, LatentFixture.EncoderHidden), tokens.Length + q, 0, true);
        }

        context.Decode(queries);
        var expected = new float[LatentFixture.Queries * LatentFixture.DecoderHidden];
        for (var q = 0; q < LatentFixture.Queries; q++)
        {
            adapter.Projector.Project(context.GetEmbeddings(q), expected.AsSpan(q * LatentFixture.DecoderHidden, LatentFixture.DecoderHidden));
        }

        Assert.True(MaxDiff(expected, set.Blocks[1].Vectors) < 1e-3f, $"max difference {MaxDiff(expected, set.Blocks[1].Vectors)}");

        // One sequence at a time in an explicitly configured context gives the same latents as the pooled parallel run.
        using var single = LlamaContext.Create(model, new LlamaContextOptions { ContextSize = 256, Embeddings = true, Pooling = PoolingType.None, SequenceCount = 1, Threads = 1, BatchThreads = 1 });
        var serial = LatentEncoder.Encode(single, adapter, [.. blocks.Select(b => b.Tokens)], CancellationToken.None);
        for (var b = 0; b < blocks.Count; b++)
        {
            Assert.True(MaxDiff(serial[b], set.Blocks[b].Vectors) < 1e-3f, $"block {b}: {MaxDiff(serial[b], set.Blocks[b].Vectors)}");
        }
    }

    [Fact]
    public async Task Decoding_from_latents_equals_decoding_the_same_vectors_given_as_embeddings_by_hand()
    {
        var set = await fixture.Service.EncodeAsync(fixture.Text, null, CancellationToken.None);
        var one = set with { Blocks = [set.Blocks[0]] };
        var generated = await fixture.Service.GenerateFromLatentsAsync(one,
            new LatentGenerationOptions { MaxTokens = 12, NoRepeatNgramSize = 0 }, CancellationToken.None);

        using var handle = await fixture.Registry.AcquireAsync("dec", CancellationToken.None);
        var model = handle.Loaded.Model;
        var vocab = model.Vocab;
        using var context = LlamaContext.Create(model, new LlamaContextOptions { ContextSize = 256, Threads = 1, BatchThreads = 1 });
        var before = vocab.Tokenize("<|im_start|>user\n", parseSpecial: true).Append(LatentFixture.StartToken).ToArray();
        var after = new[] { LatentFixture.EndToken }
            .Concat(vocab.Tokenize("\n", parseSpecial: true))
            .Concat(vocab.Tokenize(LatentPromptTemplate.ReconstructInstruction))
            .Concat(vocab.Tokenize("<|im_end|>\n<|im_start|>assistant\n", parseSpecial: true)).ToArray();
        var position = 0;
        Feed(context, before, ref position, last: false);
        using (var batch = LlamaBatch.ForEmbeddings(LatentFixture.Queries, LatentFixture.DecoderHidden))
        {
            for (var q = 0; q < LatentFixture.Queries; q++)
            {
                batch.AddEmbedding(one.Blocks[0].Vectors.AsSpan(q * LatentFixture.DecoderHidden, LatentFixture.DecoderHidden), position++, 0, false);
            }

            context.Decode(batch);
        }

        Feed(context, after, ref position, last: true);
        var output = new List<int>();
        for (var i = 0; i < 12; i++)
        {
            var token = Generation.TokenSampler.ArgMax(context.GetLogits(-1));
            if (vocab.IsEndOfGeneration(token))
            {
                break;
            }

            output.Add(token);
            Feed(context, [token], ref position, last: true);
        }

        Assert.Equal(vocab.Detokenize([.. output]), generated.Text);
        Assert.Equal(before.Length + LatentFixture.Queries + after.Length, generated.PromptPositions);
        Assert.Equal(LatentFixture.Queries, generated.LatentPositions);
        Assert.Equal("dec", generated.DecoderModel);
    }

    [Fact]
    public async Task Latent_vectors_that_are_token_embeddings_decode_like_those_tokens()
    {
        // Placement check: rows of the decoder's own embedding table in place of tokens give the token path's logits.
        using var handle = await fixture.Registry.AcquireAsync("dec", CancellationToken.None);
        var model = handle.Loaded.Model;
        var file = Gguf.GgufReader.Read(fixture.DecoderPath);
        var table = Gguf.GgufTensorData.ReadAsFloats(file, file.FindTensor("token_embd.weight")!);
        var inner = model.Vocab.Tokenize(" hidden tokens here");
        var vectors = inner.SelectMany(t => table.AsSpan(t * LatentFixture.DecoderHidden, LatentFixture.DecoderHidden).ToArray()).ToArray();
        var template = fixture.Adapter.Decoder with { LatentStart = -1, LatentEnd = -1 };
        var latentPrompt = LatentPrompt.Build(model.Vocab, template, [vectors], LatentFixture.DecoderHidden, "Go");
        var tokenPrompt = new LatentPrompt([.. latentPrompt.Parts.Select(p => p.IsEmbeddings ? LatentPromptPart.FromTokens(inner) : p)]);

        using var lease = await handle.RentAsync(ContextProfile.Generation, CancellationToken.None);
        var settings = new LatentDecodeSettings { MaxTokens = 6, NoRepeatNgramSize = 0 };
        var results = LatentDecoder.Generate(lease.Context, [latentPrompt, tokenPrompt], settings, CancellationToken.None);
        Assert.Equal(results[1].Tokens, results[0].Tokens);
        Assert.Equal(latentPrompt.Length, tokenPrompt.Length);
    }

    [Fact]
    public async Task Per_block_and_joint_layouts_decode_every_block()
    {
        var set = await fixture.Service.EncodeAsync(fixture.Text, null, CancellationToken.None);
        var perBlock = await fixture.Service.GenerateFromLatentsAsync(set, new LatentGenerationOptions { MaxTokens = 3 }, CancellationToken.None);
        var joint = await fixture.Service.GenerateFromLatentsAsync(set, new LatentGenerationOptions { MaxTokens = 3, PerBlock = false }, CancellationToken.None);

        Assert.Equal(set.Blocks.Count, perBlock.Parts.Count);
        Assert.Equal(set.LatentCount, perBlock.LatentPositions);
        Assert.Single(joint.Parts);
        Assert.Equal(set.LatentCount, joint.LatentPositions);
        Assert.True(joint.PromptPositions < perBlock.PromptPositions);
    }

    [Fact]
    public void Repetition_guard_bans_the_token_that_would_repeat_an_ngram()
    {
        var guard = new RepetitionGuard(3);
        foreach (var t in new[] { 1, 2, 3, 1 })
        {
            guard.Accept(t);
        }

        Assert.Empty(guard.Banned());
        guard.Accept(2);
        Assert.Equal([3], guard.Banned());
        Assert.Empty(new RepetitionGuard(0).Banned());
    }

    private static void Feed(LlamaContext context, int[] tokens, ref int position, bool last)
    {
        using var batch = LlamaBatch.ForTokens(tokens.Length);
        for (var i = 0; i < tokens.Length; i++)
        {
            batch.Add(tokens[i], position++, 0, last && i == tokens.Length - 1);
        }

        context.Decode(batch);
    }

    private static float MaxDiff(float[] a, float[] b)
    {
        Assert.Equal(a.Length, b.Length);
        return a.Zip(b, (x, y) => MathF.Abs(x - y)).Max();
    }
}
