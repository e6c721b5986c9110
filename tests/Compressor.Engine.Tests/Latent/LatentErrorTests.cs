using Compressor.Compression.Errors;
using Compressor.Compression.Pipeline;
using Compressor.Engine.Latent;
using Compressor.Engine.Options;

namespace Compressor.Engine.Tests.Latent;

[Collection(LatentCollection.Name)]
public sealed class LatentErrorTests(LatentFixture fixture)
{
    private async Task<CompressorException> WithAdapter(LatentAdapter adapter, Func<LatentService, Task> act)
    {
        var dir = Directory.CreateTempSubdirectory("compressor-adapters-").FullName;
        try
        {
            LatentAdapterFile.Write(adapter, Path.Combine(dir, "toy" + LatentAdapterFile.Extension));
            var service = new LatentService(fixture.Registry, new LatentAdapterRegistry(new LatentOptions { AdaptersDirectory = dir }, new ModelsOptions()), new LatentOptions());
            return await Assert.ThrowsAsync<CompressorException>(() => act(service));
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public async Task Encoder_with_another_fingerprint_is_a_400_naming_model_and_fingerprints()
    {
        var adapter = fixture.CreateAdapter() with { EncoderModel = new LatentModelReference("enc", "sha256:0000") };
        var e = await WithAdapter(adapter, s => s.EncodeAsync("text", null, CancellationToken.None));
        Assert.Equal(("adapter_model_mismatch", ErrorKind.BadRequest), (e.Code, e.Kind));
        Assert.Contains("encoder model 'enc'", e.Message);
        Assert.Contains("sha256:0000", e.Message);
    }

    [Fact]
    public async Task Hidden_sizes_that_do_not_fit_are_400s_naming_the_model_and_sizes()
    {
        var wrongDecoder = fixture.CreateAdapter(pin: false) with { DecoderModel = new LatentModelReference("enc") };
        var set = await fixture.Service.EncodeAsync(fixture.Text, null, CancellationToken.None);
        var e = await WithAdapter(wrongDecoder, s => s.GenerateFromLatentsAsync(set with { AdapterFingerprint = "" }, null, CancellationToken.None));
        Assert.Equal(("hidden_size_mismatch", ErrorKind.BadRequest), (e.Code, e.Kind));
        Assert.Contains("decoder hidden size of 96, but model 'enc' has 64", e.Message);

        var wrongEncoder = fixture.CreateAdapter(pin: false) with { EncoderModel = new LatentModelReference("dec") };
        e = await WithAdapter(wrongEncoder, s => s.EncodeAsync("text", null, CancellationToken.None));
        Assert.Contains("encoder hidden size of 64, but model 'dec' has 96", e.Message);
    }

    [Fact]
    public async Task Marker_tokens_must_exist_and_match_their_text()
    {
        var outOfRange = fixture.CreateAdapter() with { EncoderLatentStart = 100_000 };
        var e = await WithAdapter(outOfRange, s => s.EncodeAsync("text", null, CancellationToken.None));
        Assert.Equal("marker_token_mismatch", e.Code);
        Assert.Contains("out of range", e.Message);

        var renamed = fixture.CreateAdapter() with { EncoderLatentStartText = "<img>" };
        e = await WithAdapter(renamed, s => s.EncodeAsync("text", null, CancellationToken.None));
        Assert.Contains("('<img>')", e.Message);
    }

    [Fact]
    public async Task Latents_must_come_from_this_adapter_version_and_fit_its_decoder()
    {
        var set = await fixture.Service.EncodeAsync(fixture.Text, null, CancellationToken.None);
        async Task<CompressorException> Decode(LatentSet s) =>
            await Assert.ThrowsAsync<CompressorException>(() => fixture.Service.GenerateFromLatentsAsync(s, new LatentGenerationOptions { MaxTokens = 1, Adapter = "toy" }, CancellationToken.None));

        Assert.Equal("latents_adapter_mismatch", (await Decode(set with { Adapter = "other" })).Code);
        var unknown = await Assert.ThrowsAsync<CompressorException>(() => fixture.Service.GenerateFromLatentsAsync(set with { Adapter = "gone" }, null, CancellationToken.None));
        Assert.Equal("adapter_not_found", unknown.Code);
        Assert.Equal("latents_adapter_changed", (await Decode(set with { AdapterFingerprint = "sha256:old" })).Code);
        var hidden = await Decode(set with { HiddenSize = 32 });
        Assert.Equal(("hidden_size_mismatch", "latents.vectors"), (hidden.Code, hidden.Target));
        Assert.Equal("latents_invalid", (await Decode(set with { Blocks = [set.Blocks[0] with { Vectors = new float[95] }] })).Code);
        Assert.Equal("latents_invalid", (await Decode(set with { Blocks = [] })).Code);
        Assert.Equal("latents_invalid", (await Decode(set with { Blocks = [set.Blocks[0] with { Vectors = [.. Enumerable.Repeat(float.NaN, 96)] }] })).Code);
    }

    [Fact]
    public async Task Unknown_adapters_block_sizes_and_messages_are_refused()
    {
        var e = await Assert.ThrowsAsync<CompressorException>(() => fixture.Service.EncodeAsync("x", new LatentEncodeOptions { Adapter = "missing" }, CancellationToken.None));
        Assert.Equal(("adapter_not_found", ErrorKind.NotFound), (e.Code, e.Kind));
        e = await Assert.ThrowsAsync<CompressorException>(() => fixture.Service.EncodeAsync("x", new LatentEncodeOptions { BlockSize = LatentFixture.Block + 1 }, CancellationToken.None));
        Assert.Equal("block_size_out_of_range", e.Code);

        var compressor = new LatentCompressor(fixture.Service, new InMemoryLatentStore());
        var request = new CompressionRequest { Method = "latent", Target = new CompressionTarget(Ratio: 0.5), Messages = [new ChatTurn("user", "hi")] };
        e = await Assert.ThrowsAsync<CompressorException>(() => compressor.CompressAsync(request, null!, CancellationToken.None));
        Assert.Equal("messages_not_supported", e.Code);

        var broken = fixture.AdapterPath("broken");
        File.WriteAllText(broken, "not gguf");
        try
        {
            e = await Assert.ThrowsAsync<CompressorException>(() => fixture.Service.EncodeAsync("x", new LatentEncodeOptions { Adapter = "broken" }, CancellationToken.None));
            Assert.Equal(("adapter_invalid", ErrorKind.Unprocessable), (e.Code, e.Kind));
            Assert.Contains(fixture.Adapters.List(), d => d.Id == "broken" && !d.IsUsable);
        }
        finally
        {
            File.Delete(broken);
        }
    }
}
