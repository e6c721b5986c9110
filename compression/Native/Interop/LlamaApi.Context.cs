using System.Runtime.InteropServices;

namespace Compressor.Native.Interop;

/// <summary>llama.h: contexts, decoding, outputs.</summary>
internal static unsafe partial class LlamaApi
{
    [LibraryImport(NativeLibraryNames.Llama)]
    public static partial LlamaContextParams llama_context_default_params();

    [LibraryImport(NativeLibraryNames.Llama)]
    public static partial nint llama_init_from_model(nint model, LlamaContextParams parameters);

    [LibraryImport(NativeLibraryNames.Llama)]
    public static partial void llama_free(nint context);

    [LibraryImport(NativeLibraryNames.Llama)]
    public static partial uint llama_n_ctx(nint context);

    [LibraryImport(NativeLibraryNames.Llama)]
    public static partial uint llama_n_batch(nint context);

    [LibraryImport(NativeLibraryNames.Llama)]
    public static partial uint llama_n_ubatch(nint context);

    [LibraryImport(NativeLibraryNames.Llama)]
    public static partial uint llama_n_seq_max(nint context);

    [LibraryImport(NativeLibraryNames.Llama)]
    public static partial int llama_pooling_type(nint context);

    [LibraryImport(NativeLibraryNames.Llama)]
    public static partial int llama_decode(nint context, LlamaBatchNative batch);

    [LibraryImport(NativeLibraryNames.Llama)]
    public static partial void llama_synchronize(nint context);

    [LibraryImport(NativeLibraryNames.Llama)]
    public static partial float* llama_get_logits_ith(nint context, int i);

    [LibraryImport(NativeLibraryNames.Llama)]
    public static partial float* llama_get_embeddings_ith(nint context, int i);

    [LibraryImport(NativeLibraryNames.Llama)]
    public static partial float* llama_get_embeddings_seq(nint context, int seqId);

    [LibraryImport(NativeLibraryNames.Llama)]
    public static partial void llama_set_embeddings(nint context, byte embeddings);

    [LibraryImport(NativeLibraryNames.Llama)]
    public static partial void llama_set_causal_attn(nint context, byte causalAttn);

    [LibraryImport(NativeLibraryNames.Llama)]
    public static partial void llama_set_n_threads(nint context, int nThreads, int nThreadsBatch);

    [LibraryImport(NativeLibraryNames.Llama)]
    public static partial void llama_set_abort_callback(nint context, delegate* unmanaged[Cdecl]<nint, byte> callback, nint data);

    [LibraryImport(NativeLibraryNames.Llama)]
    public static partial LlamaBatchNative llama_batch_init(int nTokens, int embd, int nSeqMax);

    [LibraryImport(NativeLibraryNames.Llama)]
    public static partial void llama_batch_free(LlamaBatchNative batch);
}
