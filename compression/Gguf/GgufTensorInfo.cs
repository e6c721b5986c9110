namespace Compressor.Gguf;

/// <summary>
/// A tensor's description from the file header. <see cref="Dimensions"/> are in GGUF order:
/// Dimensions[0] (ne[0]) is the contiguous one, so a matrix of n_out rows of n_in is [n_in, n_out].
/// <see cref="Offset"/> is relative to the start of the data section.
/// </summary>
public sealed record GgufTensorInfo(string Name, IReadOnlyList<long> Dimensions, GgufTensorType Type, long Offset)
{
    public long ElementCount
    {
        get
        {
            long n = 1;
            foreach (var d in Dimensions)
            {
                n = checked(n * d);
            }

            return n;
        }
    }

    public long ByteSize => GgufTensorTypes.ByteSize(Type, ElementCount);

    public override string ToString() => $"{Name} {Type} [{string.Join(", ", Dimensions)}] @{Offset}";
}
