using System.Runtime.InteropServices;
using Compressor.Native.Interop;

namespace Compressor.Native.Handles;

/// <summary>Owns a <c>llama_context*</c> and keeps its model alive until the context is freed.</summary>
internal sealed class SafeLlamaContextHandle : SafeHandle
{
    private readonly SafeLlamaModelHandle model;

    public SafeLlamaContextHandle(nint pointer, SafeLlamaModelHandle model)
        : base(0, ownsHandle: true)
    {
        var added = false;
        model.DangerousAddRef(ref added);
        this.model = model;
        SetHandle(pointer);
    }

    public override bool IsInvalid => handle == 0;

    protected override bool ReleaseHandle()
    {
        LlamaApi.llama_free(handle);
        model.DangerousRelease();
        return true;
    }
}
