namespace Compressor.Engine.Latent.Safetensors;

/// <summary>
/// One tensor entry of a safetensors header: dtype ("F32", "F16", "BF16", ...), PyTorch-ordered
/// shape (outermost first) and its byte range within the data section.
/// </summary>
public sealed record SafetensorsTensor(string Name, string DataType, IReadOnlyList<long> Shape, long Begin, long End)
{
    public long ElementCount => Shape.Aggregate(1L, (a, d) => a * d);

    public long ByteLength => End - Begin;
}
