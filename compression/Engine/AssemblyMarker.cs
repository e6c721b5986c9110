namespace Compressor.Engine;

internal static class AssemblyMarker;
