using System.Text;

namespace Compressor.Gguf;

/// <summary>
/// Writes a GGUF v3 file: declare metadata and tensors (with a callback that produces each tensor's
/// values), then <see cref="WriteTo(Stream)"/> writes the header and streams every tensor in turn,
/// padding each to the alignment. Only one tensor's small encode buffer is in memory at a time.
/// </summary>
public sealed class GgufWriter
{
    public const int DefaultAlignment = 32;
    private const uint Version = 3;

    private readonly List<KeyValuePair<string, GgufValue>> _metadata = [];
    private readonly HashSet<string> _keys = new(StringComparer.Ordinal);
    private readonly List<(GgufTensorInfo Info, Action<GgufTensorSink> Write)> _tensors = [];
    private readonly HashSet<string> _tensorNames = new(StringComparer.Ordinal);
    private long _nextOffset;

    public GgufWriter(int alignment = DefaultAlignment)
    {
        if (alignment <= 0 || (alignment & (alignment - 1)) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(alignment), alignment, "The alignment must be a power of two.");
        }

        Alignment = alignment;
        if (alignment != DefaultAlignment)
        {
            Add(GgufKeys.Alignment, GgufValue.FromUInt32((uint)alignment));
        }
    }

    public int Alignment { get; }

    public IReadOnlyList<GgufTensorInfo> Tensors => _tensors.ConvertAll(t => t.Info);

    public void Add(string key, GgufValue value)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentNullException.ThrowIfNull(value);
        if (!_keys.Add(key))
        {
            throw new ArgumentException($"Metadata key '{key}' was already added.", nameof(key));
        }

        if (key == GgufKeys.Alignment && (value.Type != GgufValueType.UInt32 || (uint)value.Value != (uint)Alignment))
        {
            throw new ArgumentException($"Set the alignment through the constructor; '{key}' must match it.", nameof(value));
        }

        _metadata.Add(new(key, value));
    }

    /// <summary>
    /// Declares a tensor. <paramref name="dimensions"/> are GGUF-ordered (ne[0], the contiguous one, first).
    /// <paramref name="writeData"/> is called once during <see cref="WriteTo(Stream)"/> and must write exactly
    /// all the tensor's values (or bytes, with <see cref="GgufTensorSink.WriteRaw"/>).
    /// </summary>
    public GgufTensorInfo AddTensor(string name, GgufTensorType type, IReadOnlyList<long> dimensions, Action<GgufTensorSink> writeData)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(dimensions);
        ArgumentNullException.ThrowIfNull(writeData);
        if (dimensions.Count is < 1 or > 4 || dimensions.Any(d => d < 1))
        {
            throw new ArgumentException("A tensor has 1 to 4 dimensions, each at least 1.", nameof(dimensions));
        }

        if (!GgufTensorTypes.TryGetBlockLayout(type, out var blockSize, out _) || dimensions[0] % blockSize != 0)
        {
            throw new ArgumentException($"ne[0] = {dimensions[0]} must be a multiple of the {type} block size {blockSize}.", nameof(dimensions));
        }

        if (!_tensorNames.Add(name))
        {
            throw new ArgumentException($"Tensor '{name}' was already added.", nameof(name));
        }

        var info = new GgufTensorInfo(name, [.. dimensions], type, _nextOffset);
        _nextOffset = GgufReader.AlignUp(_nextOffset + info.ByteSize, Alignment);
        _tensors.Add((info, writeData));
        return info;
    }

    public void WriteTo(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
        WriteTo(file);
    }

    public void WriteTo(Stream output)
    {
        ArgumentNullException.ThrowIfNull(output);

        // The header (with a large vocabulary a few MB at most) is built in memory so its length is known.
        using var header = new MemoryStream();
        WriteHeader(header);
        header.Position = 0;
        header.CopyTo(output);
        WritePadding(output, header.Length);

        foreach (var (info, write) in _tensors)
        {
            var sink = new GgufTensorSink(output, info);
            write(sink);
            sink.Complete();
            WritePadding(output, info.ByteSize);
        }

        output.Flush();
    }

    private void WritePadding(Stream output, long length)
    {
        Span<byte> zeros = stackalloc byte[Alignment <= 256 ? Alignment : 256];
        zeros.Clear();
        var pad = GgufReader.AlignUp(length, Alignment) - length;
        while (pad > 0)
        {
            var n = (int)Math.Min(pad, zeros.Length);
            output.Write(zeros[..n]);
            pad -= n;
        }
    }

    private void WriteHeader(Stream stream)
    {
        using var w = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
        w.Write(0x46554747u); // "GGUF"
        w.Write(Version);
        w.Write((ulong)_tensors.Count);
        w.Write((ulong)_metadata.Count);
        foreach (var (key, value) in _metadata)
        {
            WriteString(w, key);
            w.Write((uint)value.Type);
            WriteValue(w, value);
        }

        foreach (var (info, _) in _tensors)
        {
            WriteString(w, info.Name);
            w.Write((uint)info.Dimensions.Count);
            foreach (var d in info.Dimensions)
            {
                w.Write((ulong)d);
            }

            w.Write((uint)info.Type);
            w.Write((ulong)info.Offset);
        }
    }

    private static void WriteString(BinaryWriter w, string s)
    {
        var bytes = Encoding.UTF8.GetBytes(s);
        w.Write((ulong)bytes.Length);
        w.Write(bytes);
    }

    private static void WriteValue(BinaryWriter w, GgufValue value)
    {
        switch (value.Value)
        {
            case byte v: w.Write(v); break;
            case sbyte v: w.Write(v); break;
            case ushort v: w.Write(v); break;
            case short v: w.Write(v); break;
            case uint v: w.Write(v); break;
            case int v: w.Write(v); break;
            case ulong v: w.Write(v); break;
            case long v: w.Write(v); break;
            case float v: w.Write(v); break;
            case double v: w.Write(v); break;
            case bool v: w.Write((byte)(v ? 1 : 0)); break;
            case string v: WriteString(w, v); break;
            case Array a: WriteArray(w, value.ElementType, a); break;
            default: throw new InvalidOperationException($"Cannot write a value of {value.Value.GetType()}.");
        }
    }

    private static void WriteArray(BinaryWriter w, GgufValueType elementType, Array items)
    {
        w.Write((uint)elementType);
        w.Write((ulong)items.Length);
        switch (items)
        {
            case string[] strings:
                foreach (var s in strings)
                {
                    WriteString(w, s);
                }

                break;
            case GgufValue[] nested:
                foreach (var inner in nested)
                {
                    WriteArray(w, inner.ElementType, (Array)inner.Value);
                }

                break;
            case bool[] bools:
                foreach (var b in bools)
                {
                    w.Write((byte)(b ? 1 : 0));
                }

                break;
            default:
                // Primitive arrays are blittable and the format is little-endian like the machine.
                var bytes = new byte[Buffer.ByteLength(items)];
                Buffer.BlockCopy(items, 0, bytes, 0, bytes.Length);
                w.Write(bytes);
                break;
        }
    }
}
