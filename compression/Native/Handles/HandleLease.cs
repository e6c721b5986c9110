using System.Runtime.InteropServices;

namespace Compressor.Native.Handles;

/// <summary>
/// Holds a reference on a SafeHandle for the duration of a native call, so a concurrent Dispose
/// cannot free the object under us (it is freed when the last lease ends).
/// </summary>
internal readonly ref struct HandleLease
{
    private readonly SafeHandle handle;

    public HandleLease(SafeHandle handle)
    {
        ObjectDisposedException.ThrowIf(handle.IsClosed, handle);
        var added = false;
        handle.DangerousAddRef(ref added);
        this.handle = handle;
        Pointer = handle.DangerousGetHandle();
    }

    public nint Pointer { get; }

    public void Dispose() => handle.DangerousRelease();
}
