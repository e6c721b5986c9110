namespace Compressor.Native;

internal static class AssemblyMarker;
