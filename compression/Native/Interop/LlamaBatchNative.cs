using System.Runtime.InteropServices;

namespace Compressor.Native.Interop;

/// <summary>Mirror of <c>struct llama_batch</c> (56 bytes); passed by value to llama_decode.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct LlamaBatchNative
{
    public int NTokens;
    public int* Token;
    public float* Embd;
    public int* Pos;
    public int* NSeqId;
    public int** SeqId;
    public sbyte* Logits;
}
