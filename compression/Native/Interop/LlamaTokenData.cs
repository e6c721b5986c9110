using System.Runtime.InteropServices;

namespace Compressor.Native.Interop;

/// <summary>Mirror of <c>llama_token_data</c> (12 bytes).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct LlamaTokenData
{
    public int Id;
    public float Logit;
    public float P;
}
