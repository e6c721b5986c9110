using Compressor.Engine.Latent;
using Compressor.Gguf;

namespace Compressor.Engine.Tests.Latent;

[Collection(LatentCollection.Name)]
public sealed class LatentAdapterFileTests(LatentFixture fixture)
{
    [Theory]
    [InlineData(null)]
    [InlineData(48)]
    public void Adapter_round_trips_through_the_gguf_writer_and_reader(int? mlpHidden)
    {
        var adapter = fixture.CreateAdapter(mlpHidden, seed: 5);
        var path = Path.Combine(fixture.Directory, $"roundtrip-{mlpHidden}.bin");
        LatentAdapterFile.Write(adapter, path);
        var read = LatentAdapterFile.Read(path);

        Assert.Equal(adapter.Name, read.Name);
        Assert.Equal(adapter.BlockSize, read.BlockSize);
        Assert.Equal(adapter.QueryCount, read.QueryCount);
        Assert.Equal(adapter.Queries, read.Queries);
        Assert.Equal(adapter.EncoderModel, read.EncoderModel);
        Assert.Equal(adapter.DecoderModel, read.DecoderModel);
        Assert.Equal(adapter.Decoder, read.Decoder);
        Assert.Equal(adapter.EncoderLatentStart, read.EncoderLatentStart);
        Assert.Equal(adapter.Projector.Activation, read.Projector.Activation);
        Assert.Equal(adapter.Projector.Layers.Count, read.Projector.Layers.Count);
        for (var i = 0; i < adapter.Projector.Layers.Count; i++)
        {
            Assert.Equal(adapter.Projector.Layers[i].Weight, read.Projector.Layers[i].Weight);
            Assert.Equal(adapter.Projector.Layers[i].Bias, read.Projector.Layers[i].Bias);
        }

        var x = adapter.Queries.AsSpan(0, LatentFixture.EncoderHidden).ToArray();
        var a = new float[LatentFixture.DecoderHidden];
        var b = new float[LatentFixture.DecoderHidden];
        adapter.Projector.Project(x, a);
        read.Projector.Project(x, b);
        Assert.Equal(a, b);
        File.Delete(path);
    }

    [Fact]
    public void Projector_computes_W_x_plus_b_and_gelu_between_layers()
    {
        var linear = new LatentProjector([new LatentProjectorLayer(3, 2, [1, 2, 3, 4, 5, 6], [0.5f, -1])], LatentActivation.None);
        var y = new float[2];
        linear.Project([1, 0, -1], y);
        Assert.Equal([1 - 3 + 0.5f, 4 - 6 - 1], y);

        var mlp = new LatentProjector([new LatentProjectorLayer(1, 1, [1], null), new LatentProjectorLayer(1, 1, [2], null)], LatentActivation.Gelu);
        var z = new float[1];
        mlp.Project([1f], z);
        Assert.Equal(2 * 0.8413447f, z[0], 5);
        Assert.Equal(0f, LatentProjector.Gelu(0f));
        Assert.Equal(-0.04550026f, LatentProjector.Gelu(-2f), 5);
    }

    [Fact]
    public void Reading_a_model_file_or_garbage_names_the_file_and_the_problem()
    {
        var garbage = Path.Combine(fixture.Directory, "garbage.latent.bin");
        File.WriteAllText(garbage, "nope");
        Assert.Contains("not a readable GGUF file", Assert.Throws<LatentAdapterException>(() => LatentAdapterFile.Read(garbage)).Message);
        var model = Assert.Throws<LatentAdapterException>(() => LatentAdapterFile.Read(fixture.EncoderPath));
        Assert.Contains("expected 'latent-adapter'", model.Message);
        Assert.Contains("enc.gguf", model.Message);
    }

    [Fact]
    public void Inconsistent_adapter_files_are_refused_with_the_reason()
    {
        var adapter = fixture.CreateAdapter();
        Assert.Contains("exactly one {latents}",
            Assert.Throws<LatentAdapterException>(() => LatentAdapterFile.Write(adapter with { Decoder = adapter.Decoder with { Template = "no placeholder" } }, "x")).Reason);
        Assert.Contains("queries hold",
            Assert.Throws<LatentAdapterException>(() => LatentAdapterFile.Write(adapter with { Queries = new float[3] }, "x")).Reason);
        Assert.Contains("encoder hidden size",
            Assert.Throws<LatentAdapterException>(() => LatentAdapterFile.Write(adapter with { EncoderHiddenSize = 32, Queries = new float[LatentFixture.Queries * 32] }, "x")).Reason);

        // A file whose projector tensor has the wrong shape.
        var path = Path.Combine(fixture.Directory, "bad-shape.bin");
        var w = new GgufWriter();
        w.Add(GgufKeys.Architecture, GgufValue.FromString(LatentAdapterFile.Architecture));
        foreach (var (k, v) in new (string, uint)[] { ("format_version", 1), ("block_size", 8), ("query_count", 2), ("encoder.hidden_size", 4), ("decoder.hidden_size", 6), ("projector.layer_count", 1) })
        {
            w.Add("latent." + k, GgufValue.FromUInt32(v));
        }

        w.Add("latent.projector.activation", GgufValue.FromString("none"));
        w.AddTensor("latent.queries", GgufTensorType.F32, [4, 2], s => s.Write(new float[8]));
        w.AddTensor("latent.projector.0.weight", GgufTensorType.F32, [5, 6], s => s.Write(new float[30]));
        w.WriteTo(path);
        var error = Assert.Throws<LatentAdapterException>(() => LatentAdapterFile.Read(path));
        Assert.Contains("projector takes 5 values but the encoder hidden size is 4", error.Message);
    }
}
