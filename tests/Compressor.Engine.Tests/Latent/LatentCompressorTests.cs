using Compressor.Compression.Pipeline;
using Compressor.Engine.Latent;

namespace Compressor.Engine.Tests.Latent;

[Collection(LatentCollection.Name)]
public sealed class LatentCompressorTests(LatentFixture fixture)
{
    [Fact]
    public async Task Compress_stores_the_latents_and_reports_layout_ratio_and_vectors()
    {
        var store = new InMemoryLatentStore();
        var compressor = new LatentCompressor(fixture.Service, store);
        var request = new CompressionRequest
        {
            Method = "latent",
            Text = fixture.Text,
            Target = new CompressionTarget(Ratio: 0.25),
            Options = new LatentCompressionOptions { IncludeVectors = true },
        };
        var result = await compressor.CompressAsync(request, null!, CancellationToken.None);
        var details = Assert.IsType<LatentDetails>(result.Details);

        Assert.Equal("", result.Text);
        Assert.Equal(details.LatentCount, result.CompressedTokens);
        Assert.Equal(details.Blocks.Sum(b => b.TextTokens), result.OriginalTokens);
        Assert.Equal(result.CompressedTokens <= (int)Math.Floor(result.OriginalTokens * 0.25), result.BudgetMet);
        Assert.All(details.Blocks, b => Assert.Equal(LatentFixture.Queries, b.Latents));
        Assert.Equal((double)result.OriginalTokens / details.LatentCount, details.Ratio, 9);
        Assert.Equal(fixture.Text, string.Concat(details.Blocks.Select(b => fixture.Text[b.Start..b.End])));

        var stored = await store.GetAsync(details.LatentId, CancellationToken.None);
        Assert.NotNull(stored);
        var vectors = LatentVectors.FromBase64(details.Vectors!);
        Assert.Equal(details.LatentCount * LatentFixture.DecoderHidden, vectors.Length);
        Assert.Equal(stored.AllVectors(), vectors);

        var decoded = await fixture.Service.GenerateFromLatentsAsync(stored, new LatentGenerationOptions { MaxTokens = 2 }, CancellationToken.None);
        Assert.Equal(details.Blocks.Count, decoded.Parts.Count);
    }

    [Fact]
    public void Target_ratio_picks_the_block_size_within_the_adapters_limit()
    {
        var adapter = fixture.Adapter;
        Assert.Equal(8, LatentCompressor.BlockSizeFor(new CompressionTarget(Ratio: 0.5), adapter));
        Assert.Equal(LatentFixture.Block, LatentCompressor.BlockSizeFor(new CompressionTarget(Ratio: 0.01), adapter));
        Assert.Equal(LatentFixture.Block, LatentCompressor.BlockSizeFor(new CompressionTarget(Tokens: 10), adapter));
    }

    [Fact]
    public void Latent_sets_round_trip_through_the_blob_form_at_float16_precision()
    {
        var set = new LatentSet("toy", "sha256:ab", 2, [new LatentBlock(0, 5, 7, [1.5f, -2.25f, 0.1f, 3f]), new LatentBlock(5, 9, 3, [0f, 1f])]);
        var bytes = LatentSetSerializer.Serialize(set);
        var back = LatentSetSerializer.Deserialize(bytes);
        Assert.Equal(("toy", "sha256:ab", 2, 3), (back.Adapter, back.AdapterFingerprint, back.HiddenSize, back.LatentCount));
        Assert.Equal([(0, 5, 7), (5, 9, 3)], back.Blocks.Select(b => (b.Start, b.End, b.TextTokens)));
        Assert.Equal(set.AllVectors().Select(v => (float)(Half)v), back.AllVectors());
        Assert.Throws<FormatException>(() => LatentSetSerializer.Deserialize(bytes.AsSpan(0, bytes.Length - 1)));
        Assert.Throws<FormatException>(() => LatentSetSerializer.Deserialize([1, 2, 3, 4, 5, 6, 7, 8]));
    }

    [Fact]
    public void Reconstruction_metrics_are_exact_match_and_word_rouge_l()
    {
        var same = ReconstructionMetrics.Compare("the cat sat", " the cat sat ");
        Assert.True(same.ExactMatch);
        Assert.Equal(1.0, same.RougeLF1);
        var partial = ReconstructionMetrics.Compare("the cat sat on the mat", "the cat on mat");
        Assert.False(partial.ExactMatch);
        Assert.Equal(4.0 / 6, partial.RougeLRecall, 9);
        Assert.Equal(1.0, partial.RougeLPrecision, 9);
        Assert.Equal(0.0, ReconstructionMetrics.Compare("a b", "c d").RougeLF1);
    }
}
