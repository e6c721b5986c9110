namespace Compressor.Constraints;

internal static class AssemblyMarker;
