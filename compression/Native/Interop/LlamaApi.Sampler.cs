using System.Runtime.InteropServices;

namespace Compressor.Native.Interop;

/// <summary>llama.h: the grammar sampler (the only llama.cpp sampler we use; sampling itself is ours).</summary>
internal static unsafe partial class LlamaApi
{
    [LibraryImport(NativeLibraryNames.Llama)]
    public static partial nint llama_sampler_init_grammar(nint vocab, byte* grammar, byte* root);

    [LibraryImport(NativeLibraryNames.Llama)]
    public static partial void llama_sampler_apply(nint sampler, LlamaTokenDataArray* candidates);

    [LibraryImport(NativeLibraryNames.Llama)]
    public static partial void llama_sampler_accept(nint sampler, int token);

    [LibraryImport(NativeLibraryNames.Llama)]
    public static partial void llama_sampler_reset(nint sampler);

    [LibraryImport(NativeLibraryNames.Llama)]
    public static partial nint llama_sampler_clone(nint sampler);

    [LibraryImport(NativeLibraryNames.Llama)]
    public static partial void llama_sampler_free(nint sampler);
}
