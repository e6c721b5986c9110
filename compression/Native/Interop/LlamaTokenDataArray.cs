using System.Runtime.InteropServices;

namespace Compressor.Native.Interop;

/// <summary>Mirror of <c>llama_token_data_array</c> (32 bytes).</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct LlamaTokenDataArray
{
    public LlamaTokenData* Data;
    public nuint Size;
    public long Selected;
    public byte Sorted;
}
