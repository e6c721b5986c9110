namespace Compressor.Storage;

internal static class AssemblyMarker;
