using System.Runtime.InteropServices;
using Compressor.Native.Interop;

namespace Compressor.Native.Handles;

/// <summary>Owns a <c>llama_model*</c>; frees it once nothing (no context) holds a reference.</summary>
internal sealed class SafeLlamaModelHandle : SafeHandle
{
    public SafeLlamaModelHandle(nint pointer)
        : base(0, ownsHandle: true) => SetHandle(pointer);

    public override bool IsInvalid => handle == 0;

    protected override bool ReleaseHandle()
    {
        LlamaApi.llama_model_free(handle);
        return true;
    }
}
