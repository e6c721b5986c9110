namespace Compressor.Native.Loading;

/// <summary>A compute device ggml registered (a CPU, a GPU) with its memory.</summary>
public sealed record LlamaDevice(string Name, string Description, LlamaDeviceType Type, long FreeBytes, long TotalBytes);
