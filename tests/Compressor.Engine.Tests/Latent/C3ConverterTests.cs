using Compressor.Engine.Latent;
using Compressor.Engine.Latent.Conversion;
using Compressor.Engine.Latent.Safetensors;

namespace Compressor.Engine.Tests.Latent;

public sealed class C3ConverterTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("compressor-c3-").FullName;

    public void Dispose() => Directory.Delete(dir, true);

    private static float[] Values(int n, int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, n).Select(_ => (float)Math.Round(random.NextDouble() * 4 - 2, 2))];
    }

    private void WriteCheckpoint(string dtype, bool queriesInEncoder, bool mlp = false)
    {
        Directory.CreateDirectory(Path.Combine(dir, "llm1"));
        var root = new SafetensorsWriter()
            .Add("model.embed_tokens.weight", dtype, [10, 6], Values(60, 1));
        if (mlp)
        {
            root.Add("model.mm_projector.0.weight", dtype, [5, 4], Values(20, 2))
                .Add("model.mm_projector.0.bias", dtype, [5], Values(5, 3))
                .Add("model.mm_projector.2.weight", dtype, [6, 5], Values(30, 4))
                .Add("model.mm_projector.2.bias", dtype, [6], Values(6, 5));
        }
        else
        {
            root.Add("model.mm_projector.weight", dtype, [6, 4], Values(24, 2))
                .Add("model.mm_projector.bias", dtype, [6], Values(6, 3));
        }

        var encoder = new SafetensorsWriter().Add("model.embed_tokens.weight", dtype, [10, 4], Values(40, 6));
        (queriesInEncoder ? encoder : root).Add("model.Q.weight", dtype, [3, 4], Values(12, 7));
        root.WriteTo(Path.Combine(dir, "model-00001-of-00001.safetensors"));
        encoder.WriteTo(Path.Combine(dir, "llm1", "model.safetensors"));
        File.WriteAllText(Path.Combine(dir, "config.json"), """{"architectures": ["C3QwenForCausalLM"], "hidden_size": 6, "latent_token_len": 3, "contexts_compression_llm_hidden_size": 4}""");
        File.WriteAllText(Path.Combine(dir, "tokenizer.json"), """{"added_tokens": [{"id": 7, "content": "<img>"}, {"id": 8, "content": "</img>"}, {"id": 9, "content": "<imgpad>"}]}""");
    }

    [Theory]
    [InlineData("F32", false)]
    [InlineData("F16", true)]
    [InlineData("BF16", true)]
    public void Converter_extracts_queries_projector_and_markers_into_an_adapter(string dtype, bool queriesInEncoder)
    {
        WriteCheckpoint(dtype, queriesInEncoder);
        var output = Path.Combine(dir, "c3" + LatentAdapterFile.Extension);
        var result = C3CheckpointConverter.Convert(dir, output, new C3ConversionSettings { BlockSize = 60 });
        var adapter = LatentAdapterFile.Read(output);

        Assert.Equal((3, 4, 6, 60), (adapter.QueryCount, adapter.EncoderHiddenSize, adapter.DecoderHiddenSize, adapter.BlockSize));
        Assert.Equal(Values(12, 7).Select(v => Round(v, dtype)), adapter.Queries);
        Assert.Equal(Values(24, 2).Select(v => Round(v, dtype)), adapter.Projector.Layers[0].Weight);
        Assert.Equal(Values(6, 3).Select(v => Round(v, dtype)), adapter.Projector.Layers[0].Bias!);
        Assert.Equal((7, 7, 8), (adapter.EncoderLatentStart, adapter.Decoder.LatentStart, adapter.Decoder.LatentEnd));
        Assert.Equal(("c3-encoder", "c3-decoder"), (adapter.EncoderModel.Name, adapter.DecoderModel.Name));
        Assert.Equal(C3CheckpointConverter.DecoderTemplate, adapter.Decoder.Template);
        Assert.Equal(LatentPromptTemplate.ReconstructInstruction, adapter.Decoder.DefaultInstruction);
        Assert.StartsWith(queriesInEncoder ? "llm1" : "model-", result.Sources["queries"], StringComparison.Ordinal);
        Assert.Contains("convert_hf_to_gguf.py", result.Steps);
        Assert.Contains("Qwen2ForCausalLM", result.Steps);
    }

    [Fact]
    public void A_sequential_projector_becomes_an_mlp_with_gelu()
    {
        WriteCheckpoint("F32", queriesInEncoder: false, mlp: true);
        var output = Path.Combine(dir, "mlp.bin");
        C3CheckpointConverter.Convert(dir, output, new C3ConversionSettings());
        var adapter = LatentAdapterFile.Read(output);
        Assert.Equal(LatentActivation.Gelu, adapter.Projector.Activation);
        Assert.Equal([(4, 5), (5, 6)], adapter.Projector.Layers.Select(l => (l.InputSize, l.OutputSize)));
    }

    [Fact]
    public void Missing_tensors_markers_and_inconsistent_configs_are_named()
    {
        WriteCheckpoint("F32", queriesInEncoder: false);
        File.Delete(Path.Combine(dir, "model-00001-of-00001.safetensors"));
        new SafetensorsWriter().Add("model.mm_projector.weight", "F32", [6, 4], Values(24, 2)).WriteTo(Path.Combine(dir, "model.safetensors"));
        Assert.Contains("no tensor Q.weight", Assert.Throws<LatentAdapterException>(() => C3CheckpointConverter.Convert(dir, Path.Combine(dir, "o.bin"), new())).Message);

        WriteCheckpoint("F32", queriesInEncoder: false);
        File.Delete(Path.Combine(dir, "model.safetensors"));
        File.WriteAllText(Path.Combine(dir, "tokenizer.json"), """{"added_tokens": []}""");
        Assert.Contains("does not define '<img>'", Assert.Throws<LatentAdapterException>(() => C3CheckpointConverter.Convert(dir, Path.Combine(dir, "o.bin"), new())).Message);

        WriteCheckpoint("F32", queriesInEncoder: false);
        File.WriteAllText(Path.Combine(dir, "config.json"), """{"hidden_size": 6, "latent_token_len": 32}""");
        Assert.Contains("latent_token_len 32", Assert.Throws<LatentAdapterException>(() => C3CheckpointConverter.Convert(dir, Path.Combine(dir, "o.bin"), new())).Message);
    }

    [Fact]
    public void Safetensors_reader_checks_the_header()
    {
        var path = Path.Combine(dir, "bad.safetensors");
        File.WriteAllBytes(path, [100, 0, 0, 0, 0, 0, 0, 0, (byte)'{']);
        Assert.Contains("header length 100", Assert.Throws<FormatException>(() => SafetensorsFile.Open(path)).Message);
        var header = """{"t": {"dtype": "F32", "shape": [2], "data_offsets": [0, 4]}}"""u8.ToArray();
        File.WriteAllBytes(path, [.. BitConverter.GetBytes((long)header.Length), .. header, 0, 0, 0, 0]);
        Assert.Contains("spans 4 bytes", Assert.Throws<FormatException>(() => SafetensorsFile.Open(path)).Message);
    }

    private static float Round(float v, string dtype) => dtype switch
    {
        "F16" => (float)(Half)v,
        "BF16" => BitConverter.Int32BitsToSingle(BitConverter.SingleToInt32Bits(v) & unchecked((int)0xFFFF0000)),
        _ => v,
    };
}
