namespace Compressor.Gguf;

internal static class AssemblyMarker;
