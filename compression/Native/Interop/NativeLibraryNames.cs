namespace Compressor.Native.Interop;

/// <summary>Logical library names used in [LibraryImport]; the loader maps them to files.</summary>
internal static class NativeLibraryNames
{
    public const string Llama = "llama";
    public const string Ggml = "ggml";
    public const string GgmlBase = "ggml-base";
}
