using System.Runtime.InteropServices;

namespace Compressor.Native.Interop;

/// <summary>
/// The leading fields of <c>struct ggml_tensor</c> the eval callback reads (the full struct is 336
/// bytes; name is char[64] at offset 256). Read through a pointer, never allocated by us.
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = 336)]
internal unsafe struct GgmlTensorHeader
{
    [FieldOffset(0)] public int Type;
    [FieldOffset(8)] public nint Buffer;
    [FieldOffset(16)] public fixed long Ne[4];
    [FieldOffset(48)] public fixed ulong Nb[4];
    [FieldOffset(80)] public int Op;
    [FieldOffset(256)] public fixed byte Name[64];
}
