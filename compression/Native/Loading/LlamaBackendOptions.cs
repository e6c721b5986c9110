namespace Compressor.Native.Loading;

/// <summary>Where the native libraries are and which flavour they are.</summary>
public sealed record LlamaBackendOptions(string NativeDirectory, LlamaBackendFlavor Flavor = LlamaBackendFlavor.Cpu);
