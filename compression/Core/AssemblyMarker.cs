namespace Compressor.Compression;

internal static class AssemblyMarker;
