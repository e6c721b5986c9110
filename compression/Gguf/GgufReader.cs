namespace Compressor.Gguf;

/// <summary>
/// Parses the header of a GGUF v2/v3 file (metadata and tensor infos) by streaming it; tensor data
/// is never read. Layout per ggml/include/gguf.h: magic, version, tensor count, kv count, the
/// key/value pairs, the tensor infos, padding to the alignment, then the data section.
/// </summary>
public static class GgufReader
{
    private const uint Magic = 0x46554747; // "GGUF" read as a little-endian uint32
    private const int MaxDimensions = 4;   // GGML_MAX_DIMS
    private const int MaxNesting = 8;      // deeper arrays are not produced by any writer we know

    public static GgufFile Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        return Read(stream, path);
    }

    /// <summary>Reads from a seekable stream positioned at the start of the file; <paramref name="name"/> goes into errors.</summary>
    public static GgufFile Read(Stream stream, string name)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanSeek)
        {
            throw new ArgumentException("The stream must be seekable (its length bounds every count).", nameof(stream));
        }

        var reader = new GgufStreamReader(stream, name, stream.Length - stream.Position);
        if (reader.Length < 4)
        {
            throw reader.Error($"not a GGUF file: {reader.Length} bytes is too short to hold the magic");
        }

        var magic = reader.ReadUInt32("magic");
        if (magic != Magic)
        {
            throw reader.Error($"not a GGUF file: bad magic 0x{magic:X8} (expected \"GGUF\")");
        }

        var version = reader.ReadUInt32("version");
        if (version is not (2 or 3))
        {
            var hint = (version & 0xFFFF) == 0 ? " (a big-endian file?)" : string.Empty;
            throw reader.Error($"unsupported GGUF version {version}{hint}; only versions 2 and 3 are supported");
        }

        // A tensor info takes at least 8 (name length) + 4 (n_dims) + 4 (type) + 8 (offset) bytes,
        // a key/value pair at least 8 (key length) + 4 (type) + 1 byte.
        var tensorCount = reader.CheckCount(reader.ReadUInt64("tensor count"), 24, "tensor count");
        var kvCount = reader.CheckCount(reader.ReadUInt64("metadata count"), 13, "metadata count");

        var metadata = new List<KeyValuePair<string, GgufValue>>(kvCount);
        var keys = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < kvCount; i++)
        {
            var key = reader.ReadString($"key of metadata entry {i}");
            if (!keys.Add(key))
            {
                throw reader.Error($"duplicate metadata key '{key}'");
            }

            var type = ReadType(reader, $"type of '{key}'");
            metadata.Add(new(key, ReadValue(reader, type, key, 0)));
        }

        var alignment = ReadAlignment(reader, metadata);
        var tensors = new List<GgufTensorInfo>(tensorCount);
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < tensorCount; i++)
        {
            var tensor = ReadTensorInfo(reader, i, alignment);
            if (!names.Add(tensor.Name))
            {
                throw reader.Error($"duplicate tensor name '{tensor.Name}'");
            }

            tensors.Add(tensor);
        }

        var dataOffset = AlignUp(reader.Position, alignment);
        CheckTensorData(reader, tensors, dataOffset);
        return new GgufFile(name, reader.Length, version, metadata, tensors, alignment, dataOffset);
    }

    internal static long AlignUp(long offset, int alignment) => (offset + alignment - 1) / alignment * alignment;

    private static GgufValueType ReadType(GgufStreamReader reader, string what)
    {
        var at = reader.Position;
        var code = reader.ReadUInt32(what);
        if (code > (uint)GgufValueType.Float64)
        {
            throw reader.Error($"unknown value type {code} at byte {at} ({what})");
        }

        return (GgufValueType)code;
    }

    private static GgufValue ReadValue(GgufStreamReader reader, GgufValueType type, string key, int depth) => type switch
    {
        GgufValueType.UInt8 => GgufValue.FromUInt8(reader.ReadUInt8(key)),
        GgufValueType.Int8 => GgufValue.FromInt8(unchecked((sbyte)reader.ReadUInt8(key))),
        GgufValueType.UInt16 => GgufValue.FromUInt16(reader.ReadUInt16(key)),
        GgufValueType.Int16 => GgufValue.FromInt16(unchecked((short)reader.ReadUInt16(key))),
        GgufValueType.UInt32 => GgufValue.FromUInt32(reader.ReadUInt32(key)),
        GgufValueType.Int32 => GgufValue.FromInt32(unchecked((int)reader.ReadUInt32(key))),
        GgufValueType.UInt64 => GgufValue.FromUInt64(reader.ReadUInt64(key)),
        GgufValueType.Int64 => GgufValue.FromInt64(unchecked((long)reader.ReadUInt64(key))),
        GgufValueType.Float32 => GgufValue.FromFloat32(BitConverter.UInt32BitsToSingle(reader.ReadUInt32(key))),
        GgufValueType.Float64 => GgufValue.FromFloat64(BitConverter.UInt64BitsToDouble(reader.ReadUInt64(key))),
        GgufValueType.Bool => GgufValue.FromBool(ReadBool(reader, key)),
        GgufValueType.String => GgufValue.FromString(reader.ReadString($"string '{key}'")),
        GgufValueType.Array => ReadArray(reader, key, depth),
        _ => throw reader.Error($"unknown value type {(uint)type} for '{key}'"),
    };

    private static bool ReadBool(GgufStreamReader reader, string key)
    {
        var b = reader.ReadUInt8(key);
        return b <= 1 ? b == 1 : throw reader.Error($"invalid bool value {b} for '{key}' at byte {reader.Position - 1}");
    }

    private static GgufValue ReadArray(GgufStreamReader reader, string key, int depth)
    {
        if (depth >= MaxNesting)
        {
            throw reader.Error($"arrays nested more than {MaxNesting} deep in '{key}'");
        }

        var elementType = ReadType(reader, $"element type of array '{key}'");
        var rawCount = reader.ReadUInt64($"length of array '{key}'");
        var what = $"length of array '{key}'";
        switch (elementType)
        {
            case GgufValueType.UInt8: return GgufValue.ArrayOf(reader.ReadArray<byte>(reader.CheckCount(rawCount, 1, what), key));
            case GgufValueType.Int8: return GgufValue.ArrayOf(reader.ReadArray<sbyte>(reader.CheckCount(rawCount, 1, what), key));
            case GgufValueType.UInt16: return GgufValue.ArrayOf(reader.ReadArray<ushort>(reader.CheckCount(rawCount, 2, what), key));
            case GgufValueType.Int16: return GgufValue.ArrayOf(reader.ReadArray<short>(reader.CheckCount(rawCount, 2, what), key));
            case GgufValueType.UInt32: return GgufValue.ArrayOf(reader.ReadArray<uint>(reader.CheckCount(rawCount, 4, what), key));
            case GgufValueType.Int32: return GgufValue.ArrayOf(reader.ReadArray<int>(reader.CheckCount(rawCount, 4, what), key));
            case GgufValueType.UInt64: return GgufValue.ArrayOf(reader.ReadArray<ulong>(reader.CheckCount(rawCount, 8, what), key));
            case GgufValueType.Int64: return GgufValue.ArrayOf(reader.ReadArray<long>(reader.CheckCount(rawCount, 8, what), key));
            case GgufValueType.Float32: return GgufValue.ArrayOf(reader.ReadArray<float>(reader.CheckCount(rawCount, 4, what), key));
            case GgufValueType.Float64: return GgufValue.ArrayOf(reader.ReadArray<double>(reader.CheckCount(rawCount, 8, what), key));
            case GgufValueType.Bool:
                {
                    var n = reader.CheckCount(rawCount, 1, what);
                    var items = new bool[n];
                    for (var i = 0; i < n; i++)
                    {
                        items[i] = ReadBool(reader, key);
                    }

                    return GgufValue.ArrayOf(items);
                }

            case GgufValueType.String:
                {
                    var n = reader.CheckCount(rawCount, 8, what);
                    var items = new string[n];
                    for (var i = 0; i < n; i++)
                    {
                        items[i] = reader.ReadString($"element {i} of '{key}'");
                    }

                    return GgufValue.ArrayOf(items);
                }

            case GgufValueType.Array:
                {
                    // A nested array takes at least its element type and its length.
                    var n = reader.CheckCount(rawCount, 12, what);
                    var items = new GgufValue[n];
                    for (var i = 0; i < n; i++)
                    {
                        items[i] = ReadArray(reader, $"{key}[{i}]", depth + 1);
                    }

                    return GgufValue.ArrayOf(items);
                }

            default:
                throw reader.Error($"unknown value type {(uint)elementType} in array '{key}'");
        }
    }

    private static int ReadAlignment(GgufStreamReader reader, List<KeyValuePair<string, GgufValue>> metadata)
    {
        foreach (var (key, value) in metadata)
        {
            if (key != GgufKeys.Alignment)
            {
                continue;
            }

            if (value.Type != GgufValueType.UInt32)
            {
                throw reader.Error($"'{GgufKeys.Alignment}' must be a UInt32, not {value.Type}");
            }

            var alignment = (uint)value.Value;
            if (alignment == 0 || (alignment & (alignment - 1)) != 0 || alignment > (1 << 24))
            {
                throw reader.Error($"'{GgufKeys.Alignment}' is {alignment}; it must be a power of two");
            }

            return (int)alignment;
        }

        return GgufWriter.DefaultAlignment;
    }

    private static GgufTensorInfo ReadTensorInfo(GgufStreamReader reader, int index, int alignment)
    {
        var name = reader.ReadString($"name of tensor {index}");
        var nDims = reader.ReadUInt32($"dimension count of tensor '{name}'");
        if (nDims > MaxDimensions)
        {
            throw reader.Error($"tensor '{name}' has {nDims} dimensions; at most {MaxDimensions} are allowed");
        }

        var dims = new long[nDims];
        long elements = 1;
        for (var d = 0; d < nDims; d++)
        {
            var ne = reader.ReadUInt64($"dimension {d} of tensor '{name}'");
            if (ne > long.MaxValue || (ne != 0 && elements > long.MaxValue / (long)ne))
            {
                throw reader.Error($"tensor '{name}' has absurd dimensions (element count overflows)");
            }

            dims[d] = (long)ne;
            elements *= (long)ne;
        }

        var typeCode = reader.ReadUInt32($"type of tensor '{name}'");
        var type = (GgufTensorType)typeCode;
        if (!GgufTensorTypes.TryGetBlockLayout(type, out var blockSize, out _))
        {
            throw reader.Error($"tensor '{name}' has unknown type {typeCode}");
        }

        if (nDims > 0 && dims[0] % blockSize != 0)
        {
            throw reader.Error($"tensor '{name}' of type {type} has ne[0] = {dims[0]}, not a multiple of its block size {blockSize}");
        }

        var offset = reader.ReadUInt64($"offset of tensor '{name}'");
        if (offset > long.MaxValue || (long)offset % alignment != 0)
        {
            throw reader.Error($"tensor '{name}' has offset {offset}, not a multiple of the alignment {alignment}");
        }

        return new GgufTensorInfo(name, dims, type, (long)offset);
    }

    private static void CheckTensorData(GgufStreamReader reader, List<GgufTensorInfo> tensors, long dataOffset)
    {
        foreach (var t in tensors)
        {
            long size;
            try
            {
                size = t.ByteSize;
            }
            catch (OverflowException)
            {
                throw reader.Error($"tensor '{t.Name}' is absurdly large");
            }

            var end = dataOffset + t.Offset + size;
            if (end > reader.Length || end < 0)
            {
                throw reader.Error($"truncated: data of tensor '{t.Name}' would end at byte {end}, but the file has {reader.Length} bytes");
            }
        }
    }
}
