using System.Runtime.InteropServices;

namespace Compressor.Native.Interop;

/// <summary>llama.h: model loading and model properties.</summary>
internal static unsafe partial class LlamaApi
{
    [LibraryImport(NativeLibraryNames.Llama)]
    public static partial LlamaModelParams llama_model_default_params();

    [LibraryImport(NativeLibraryNames.Llama)]
    public static partial nint llama_model_load_from_file([MarshalAs(UnmanagedType.LPUTF8Str)] string path, LlamaModelParams parameters);

    [LibraryImport(NativeLibraryNames.Llama)]
    public static partial void llama_model_free(nint model);

    [LibraryImport(NativeLibraryNames.Llama)]
    public static partial nint llama_model_get_vocab(nint model);

    [LibraryImport(NativeLibraryNames.Llama)]
    public static partial int llama_model_n_ctx_train(nint model);

    [LibraryImport(NativeLibraryNames.Llama)]
    public static partial int llama_model_n_embd(nint model);

    [LibraryImport(NativeLibraryNames.Llama)]
    public static partial int llama_model_n_layer(nint model);

    [LibraryImport(NativeLibraryNames.Llama)]
    public static partial int llama_model_n_head(nint model);

    [LibraryImport(NativeLibraryNames.Llama)]
    public static partial int llama_model_n_head_kv(nint model);

    [LibraryImport(NativeLibraryNames.Llama)]
    public static partial int llama_model_desc(nint model, byte* buf, nuint bufSize);

    [LibraryImport(NativeLibraryNames.Llama)]
    public static partial ulong llama_model_size(nint model);

    [LibraryImport(NativeLibraryNames.Llama)]
    public static partial ulong llama_model_n_params(nint model);

    [LibraryImport(NativeLibraryNames.Llama)]
    public static partial byte* llama_model_chat_template(nint model, byte* name);

    [LibraryImport(NativeLibraryNames.Llama)]
    public static partial int llama_model_meta_val_str(nint model, [MarshalAs(UnmanagedType.LPUTF8Str)] string key, byte* buf, nuint bufSize);

    [LibraryImport(NativeLibraryNames.Llama)]
    public static partial byte llama_model_is_recurrent(nint model);

    [LibraryImport(NativeLibraryNames.Llama)]
    public static partial byte llama_model_has_encoder(nint model);

    [LibraryImport(NativeLibraryNames.Llama)]
    public static partial int llama_chat_apply_template(byte* tmpl, LlamaChatMessage* chat, nuint nMsg, byte addAssistant, byte* buf, int length);
}
