namespace Compressor.Native.Capture;

/// <summary>
/// Receives tensors from llama.cpp's eval callback during <see cref="LlamaContext.Decode"/>.
/// <see cref="Wants"/> runs for every graph node before computing (answer yes only for the nodes
/// you need: each yes splits the graph); <see cref="OnTensor"/> runs after a wanted node is computed.
/// Both run on the decoding thread and must not throw.
/// </summary>
public interface ITensorObserver
{
    /// <summary>Whether to observe the node named <paramref name="nameUtf8"/> (e.g. "kq_soft_max-3").</summary>
    bool Wants(ReadOnlySpan<byte> nameUtf8);

    void OnTensor(in TensorView tensor);
}
