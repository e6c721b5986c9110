namespace Compressor.Native.Loading;

/// <summary>Which prebuilt llama.cpp flavour to load: they share libggml-base and cannot both be loaded.</summary>
public enum LlamaBackendFlavor
{
    Cpu,
    Cuda,
}
