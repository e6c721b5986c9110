using System.Runtime.InteropServices;
using System.Text;
using Compressor.Native.Interop;

namespace Compressor.Native.Capture;

/// <summary>
/// A computed ggml tensor seen from the eval callback: valid only during <see cref="ITensorObserver.OnTensor"/>.
/// Data is copied out with <c>ggml_backend_tensor_get</c>, which is also right for GPU buffers.
/// </summary>
public readonly unsafe ref struct TensorView
{
    /// <summary>ggml's type id for F32.</summary>
    public const int TypeF32 = 0;

    private readonly GgmlTensorHeader* tensor;

    internal TensorView(nint tensor) => this.tensor = (GgmlTensorHeader*)tensor;

    public string Name => Encoding.UTF8.GetString(MemoryMarshal.CreateReadOnlySpanFromNullTerminated(tensor->Name));

    /// <summary>ggml type id (0 = F32, 1 = F16, ...).</summary>
    public int Type => tensor->Type;

    /// <summary>Size of dimension <paramref name="dim"/> (0 is the contiguous one).</summary>
    public long Ne(int dim) => (uint)dim < 4 ? tensor->Ne[dim] : throw new ArgumentOutOfRangeException(nameof(dim));

    /// <summary>Stride in bytes of dimension <paramref name="dim"/>.</summary>
    public long Nb(int dim) => (uint)dim < 4 ? (long)tensor->Nb[dim] : throw new ArgumentOutOfRangeException(nameof(dim));

    public long ElementCount => tensor->Ne[0] * tensor->Ne[1] * tensor->Ne[2] * tensor->Ne[3];

    /// <summary>True when rows are laid out densely (no views with gaps).</summary>
    public bool IsContiguous =>
        tensor->Nb[1] == tensor->Nb[0] * (ulong)tensor->Ne[0] &&
        tensor->Nb[2] == tensor->Nb[1] * (ulong)tensor->Ne[1] &&
        tensor->Nb[3] == tensor->Nb[2] * (ulong)tensor->Ne[2];

    /// <summary>Copies an F32 contiguous tensor into <paramref name="destination"/> (at least <see cref="ElementCount"/> long).</summary>
    public void CopyTo(Span<float> destination)
    {
        if (Type != TypeF32 || !IsContiguous)
        {
            throw new InvalidOperationException($"tensor {Name} is not a contiguous F32 tensor (type {Type})");
        }

        if (destination.Length < ElementCount)
        {
            throw new ArgumentException($"destination holds {destination.Length} floats, tensor has {ElementCount}", nameof(destination));
        }

        fixed (float* d = destination)
        {
            LlamaApi.ggml_backend_tensor_get((nint)tensor, d, 0, (nuint)(ElementCount * sizeof(float)));
        }
    }
}
