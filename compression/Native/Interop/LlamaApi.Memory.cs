using System.Runtime.InteropServices;

namespace Compressor.Native.Interop;

/// <summary>llama.h: KV memory operations and per-sequence state.</summary>
internal static unsafe partial class LlamaApi
{
    [LibraryImport(NativeLibraryNames.Llama)]
    public static partial nint llama_get_memory(nint context);

    [LibraryImport(NativeLibraryNames.Llama)]
    public static partial void llama_memory_clear(nint memory, byte data);

    [LibraryImport(NativeLibraryNames.Llama)]
    public static partial byte llama_memory_seq_rm(nint memory, int seqId, int p0, int p1);

    [LibraryImport(NativeLibraryNames.Llama)]
    public static partial void llama_memory_seq_cp(nint memory, int seqIdSrc, int seqIdDst, int p0, int p1);

    [LibraryImport(NativeLibraryNames.Llama)]
    public static partial void llama_memory_seq_keep(nint memory, int seqId);

    [LibraryImport(NativeLibraryNames.Llama)]
    public static partial void llama_memory_seq_add(nint memory, int seqId, int p0, int p1, int delta);

    [LibraryImport(NativeLibraryNames.Llama)]
    public static partial int llama_memory_seq_pos_min(nint memory, int seqId);

    [LibraryImport(NativeLibraryNames.Llama)]
    public static partial int llama_memory_seq_pos_max(nint memory, int seqId);

    [LibraryImport(NativeLibraryNames.Llama)]
    public static partial byte llama_memory_can_shift(nint memory);

    [LibraryImport(NativeLibraryNames.Llama)]
    public static partial nuint llama_state_seq_get_size(nint context, int seqId);

    [LibraryImport(NativeLibraryNames.Llama)]
    public static partial nuint llama_state_seq_get_data(nint context, byte* dst, nuint size, int seqId);

    [LibraryImport(NativeLibraryNames.Llama)]
    public static partial nuint llama_state_seq_set_data(nint context, byte* src, nuint size, int destSeqId);
}
