namespace Compressor.Testing;

internal static class AssemblyMarker;
