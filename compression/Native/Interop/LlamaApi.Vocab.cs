using System.Runtime.InteropServices;

namespace Compressor.Native.Interop;

/// <summary>llama.h: vocabulary and tokenizer.</summary>
internal static unsafe partial class LlamaApi
{
    [LibraryImport(NativeLibraryNames.Llama)]
    public static partial int llama_vocab_type(nint vocab);

    [LibraryImport(NativeLibraryNames.Llama)]
    public static partial int llama_vocab_n_tokens(nint vocab);

    [LibraryImport(NativeLibraryNames.Llama)]
    public static partial int llama_vocab_bos(nint vocab);

    [LibraryImport(NativeLibraryNames.Llama)]
    public static partial int llama_vocab_eos(nint vocab);

    [LibraryImport(NativeLibraryNames.Llama)]
    public static partial int llama_vocab_eot(nint vocab);

    [LibraryImport(NativeLibraryNames.Llama)]
    public static partial byte llama_vocab_is_eog(nint vocab, int token);

    [LibraryImport(NativeLibraryNames.Llama)]
    public static partial byte llama_vocab_is_control(nint vocab, int token);

    [LibraryImport(NativeLibraryNames.Llama)]
    public static partial byte llama_vocab_get_add_bos(nint vocab);

    [LibraryImport(NativeLibraryNames.Llama)]
    public static partial int llama_tokenize(nint vocab, byte* text, int textLen, int* tokens, int nTokensMax, byte addSpecial, byte parseSpecial);

    [LibraryImport(NativeLibraryNames.Llama)]
    public static partial int llama_token_to_piece(nint vocab, int token, byte* buf, int length, int lstrip, byte special);

    [LibraryImport(NativeLibraryNames.Llama)]
    public static partial int llama_detokenize(nint vocab, int* tokens, int nTokens, byte* text, int textLenMax, byte removeSpecial, byte unparseSpecial);
}
