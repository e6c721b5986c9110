using System.Runtime.InteropServices;
using Compressor.Native.Interop;

namespace Compressor.Native.Tests;

/// <summary>Pins every mirrored struct to llama.cpp v0.5.0's layout (checked against offsetof in the real headers).</summary>
public sealed unsafe class StructLayoutTests
{
    [Fact]
    public void Struct_sizes_match_llama_cpp()
    {
        Assert.Equal(80, sizeof(LlamaModelParams));
        Assert.Equal(160, sizeof(LlamaContextParams));
        Assert.Equal(56, sizeof(LlamaBatchNative));
        Assert.Equal(12, sizeof(LlamaTokenData));
        Assert.Equal(32, sizeof(LlamaTokenDataArray));
        Assert.Equal(16, sizeof(LlamaChatMessage));
        Assert.Equal(336, sizeof(GgmlTensorHeader));
    }

    [Theory]
    [InlineData(nameof(LlamaModelParams.NGpuLayers), 16)]
    [InlineData(nameof(LlamaModelParams.SplitMode), 20)]
    [InlineData(nameof(LlamaModelParams.LoadMode), 24)]
    [InlineData(nameof(LlamaModelParams.LazyMode), 28)]
    [InlineData(nameof(LlamaModelParams.MainGpu), 32)]
    [InlineData(nameof(LlamaModelParams.TensorSplit), 40)]
    [InlineData(nameof(LlamaModelParams.ProgressCallback), 48)]
    [InlineData(nameof(LlamaModelParams.KvOverrides), 64)]
    [InlineData(nameof(LlamaModelParams.VocabOnly), 72)]
    [InlineData(nameof(LlamaModelParams.CheckTensors), 73)]
    [InlineData(nameof(LlamaModelParams.UseExtraBufts), 74)]
    [InlineData(nameof(LlamaModelParams.LoadMtp), 77)]
    public void Model_params_offsets(string field, int offset) =>
        Assert.Equal(offset, (int)Marshal.OffsetOf<LlamaModelParams>(field));

    [Theory]
    [InlineData(nameof(LlamaContextParams.NCtx), 0)]
    [InlineData(nameof(LlamaContextParams.NBatch), 4)]
    [InlineData(nameof(LlamaContextParams.NUbatch), 8)]
    [InlineData(nameof(LlamaContextParams.NSeqMax), 12)]
    [InlineData(nameof(LlamaContextParams.NThreads), 28)]
    [InlineData(nameof(LlamaContextParams.NThreadsBatch), 32)]
    [InlineData(nameof(LlamaContextParams.PoolingType), 44)]
    [InlineData(nameof(LlamaContextParams.FlashAttnType), 52)]
    [InlineData(nameof(LlamaContextParams.RopeFreqBase), 56)]
    [InlineData(nameof(LlamaContextParams.YarnOrigCtx), 80)]
    [InlineData(nameof(LlamaContextParams.CbEval), 88)]
    [InlineData(nameof(LlamaContextParams.CbEvalUserData), 96)]
    [InlineData(nameof(LlamaContextParams.TypeK), 104)]
    [InlineData(nameof(LlamaContextParams.TypeV), 108)]
    [InlineData(nameof(LlamaContextParams.AbortCallback), 112)]
    [InlineData(nameof(LlamaContextParams.AbortCallbackData), 120)]
    [InlineData(nameof(LlamaContextParams.Embeddings), 128)]
    [InlineData(nameof(LlamaContextParams.OffloadKqv), 129)]
    [InlineData(nameof(LlamaContextParams.KvUnified), 133)]
    [InlineData(nameof(LlamaContextParams.Samplers), 136)]
    [InlineData(nameof(LlamaContextParams.NSamplers), 144)]
    [InlineData(nameof(LlamaContextParams.CtxOther), 152)]
    public void Context_params_offsets(string field, int offset) =>
        Assert.Equal(offset, (int)Marshal.OffsetOf<LlamaContextParams>(field));

    [Theory]
    [InlineData(nameof(LlamaBatchNative.NTokens), 0)]
    [InlineData(nameof(LlamaBatchNative.Token), 8)]
    [InlineData(nameof(LlamaBatchNative.Embd), 16)]
    [InlineData(nameof(LlamaBatchNative.Pos), 24)]
    [InlineData(nameof(LlamaBatchNative.NSeqId), 32)]
    [InlineData(nameof(LlamaBatchNative.SeqId), 40)]
    [InlineData(nameof(LlamaBatchNative.Logits), 48)]
    public void Batch_offsets(string field, int offset) =>
        Assert.Equal(offset, (int)Marshal.OffsetOf<LlamaBatchNative>(field));

    [Fact]
    public void Token_data_array_offsets()
    {
        Assert.Equal(0, (int)Marshal.OffsetOf<LlamaTokenDataArray>(nameof(LlamaTokenDataArray.Data)));
        Assert.Equal(8, (int)Marshal.OffsetOf<LlamaTokenDataArray>(nameof(LlamaTokenDataArray.Size)));
        Assert.Equal(16, (int)Marshal.OffsetOf<LlamaTokenDataArray>(nameof(LlamaTokenDataArray.Selected)));
        Assert.Equal(24, (int)Marshal.OffsetOf<LlamaTokenDataArray>(nameof(LlamaTokenDataArray.Sorted)));
        Assert.Equal(4, (int)Marshal.OffsetOf<LlamaTokenData>(nameof(LlamaTokenData.Logit)));
        Assert.Equal(8, (int)Marshal.OffsetOf<LlamaTokenData>(nameof(LlamaTokenData.P)));
    }

    [Fact]
    public void Tensor_header_offsets()
    {
        Assert.Equal(0, (int)Marshal.OffsetOf<GgmlTensorHeader>(nameof(GgmlTensorHeader.Type)));
        Assert.Equal(8, (int)Marshal.OffsetOf<GgmlTensorHeader>(nameof(GgmlTensorHeader.Buffer)));
        Assert.Equal(16, (int)Marshal.OffsetOf<GgmlTensorHeader>(nameof(GgmlTensorHeader.Ne)));
        Assert.Equal(48, (int)Marshal.OffsetOf<GgmlTensorHeader>(nameof(GgmlTensorHeader.Nb)));
        Assert.Equal(80, (int)Marshal.OffsetOf<GgmlTensorHeader>(nameof(GgmlTensorHeader.Op)));
        Assert.Equal(256, (int)Marshal.OffsetOf<GgmlTensorHeader>(nameof(GgmlTensorHeader.Name)));
    }

    [Fact]
    public void Native_defaults_are_what_the_notes_say()
    {
        NativeFixture.EnsureBackend();
        var c = LlamaApi.llama_context_default_params();
        Assert.Equal(512u, c.NCtx);
        Assert.Equal(4, c.NThreads);
        Assert.Equal(-1, c.FlashAttnType);
        var m = LlamaApi.llama_model_default_params();
        Assert.Equal(-1, m.LoadMode);
        Assert.Equal(1, m.UseExtraBufts);
    }
}
