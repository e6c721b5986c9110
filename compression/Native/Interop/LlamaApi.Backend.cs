using System.Runtime.InteropServices;

namespace Compressor.Native.Interop;

/// <summary>llama.h: backend initialisation, versions and logging; ggml-backend.h: devices (registry in libggml, tensors in libggml-base).</summary>
internal static unsafe partial class LlamaApi
{
    [LibraryImport(NativeLibraryNames.Llama)]
    public static partial void llama_backend_init();

    [LibraryImport(NativeLibraryNames.Llama)]
    public static partial byte* llama_print_system_info();

    [LibraryImport(NativeLibraryNames.Llama)]
    public static partial byte llama_supports_gpu_offload();

    [LibraryImport(NativeLibraryNames.Llama)]
    public static partial nuint llama_max_parallel_sequences();

    [LibraryImport(NativeLibraryNames.Llama)]
    public static partial void llama_log_set(delegate* unmanaged[Cdecl]<int, byte*, nint, void> callback, nint userData);

    [LibraryImport(NativeLibraryNames.Ggml)]
    public static partial void ggml_backend_load_all_from_path([MarshalAs(UnmanagedType.LPUTF8Str)] string dirPath);

    [LibraryImport(NativeLibraryNames.Ggml)]
    public static partial nuint ggml_backend_dev_count();

    [LibraryImport(NativeLibraryNames.Ggml)]
    public static partial nint ggml_backend_dev_get(nuint index);

    [LibraryImport(NativeLibraryNames.Ggml)]
    public static partial byte* ggml_backend_dev_name(nint device);

    [LibraryImport(NativeLibraryNames.Ggml)]
    public static partial byte* ggml_backend_dev_description(nint device);

    [LibraryImport(NativeLibraryNames.Ggml)]
    public static partial int ggml_backend_dev_type(nint device);

    [LibraryImport(NativeLibraryNames.Ggml)]
    public static partial void ggml_backend_dev_memory(nint device, nuint* free, nuint* total);

    [LibraryImport(NativeLibraryNames.GgmlBase)]
    public static partial void ggml_backend_tensor_get(nint tensor, void* data, nuint offset, nuint size);
}
