using System.Runtime.InteropServices;
using Compressor.Native.Interop;

namespace Compressor.Native.Handles;

/// <summary>Owns a <c>llama_sampler*</c> and keeps the model (whose vocabulary it uses) alive.</summary>
internal sealed class SafeLlamaSamplerHandle : SafeHandle
{
    private readonly SafeLlamaModelHandle model;

    public SafeLlamaSamplerHandle(nint pointer, SafeLlamaModelHandle model)
        : base(0, ownsHandle: true)
    {
        var added = false;
        model.DangerousAddRef(ref added);
        this.model = model;
        SetHandle(pointer);
    }

    public SafeLlamaModelHandle Model => model;

    public override bool IsInvalid => handle == 0;

    protected override bool ReleaseHandle()
    {
        LlamaApi.llama_sampler_free(handle);
        model.DangerousRelease();
        return true;
    }
}
