namespace Compressor.Gguf;

/// <summary>The parsed header of a GGUF file: metadata in file order, tensor infos and data layout.</summary>
public sealed class GgufFile
{
    private readonly Dictionary<string, GgufValue> _byKey;

    internal GgufFile(
        string path,
        long fileSize,
        uint version,
        IReadOnlyList<KeyValuePair<string, GgufValue>> metadata,
        IReadOnlyList<GgufTensorInfo> tensors,
        int alignment,
        long dataOffset)
    {
        Path = path;
        FileSize = fileSize;
        Version = version;
        Metadata = metadata;
        Tensors = tensors;
        Alignment = alignment;
        DataOffset = dataOffset;
        _byKey = new Dictionary<string, GgufValue>(metadata.Count, StringComparer.Ordinal);
        foreach (var (key, value) in metadata)
        {
            _byKey[key] = value;
        }
    }

    /// <summary>The file path, or the name given for a stream.</summary>
    public string Path { get; }

    public long FileSize { get; }

    public uint Version { get; }

    /// <summary>All key/value pairs in file order.</summary>
    public IReadOnlyList<KeyValuePair<string, GgufValue>> Metadata { get; }

    public IReadOnlyList<GgufTensorInfo> Tensors { get; }

    public int Alignment { get; }

    /// <summary>Absolute file offset where tensor data starts (tensor offsets are relative to it).</summary>
    public long DataOffset { get; }

    public bool TryGetValue(string key, out GgufValue value) => _byKey.TryGetValue(key, out value!);

    public GgufValue? Find(string key) => _byKey.GetValueOrDefault(key);

    public string? GetString(string key) => Find(key) is { Type: GgufValueType.String } v ? v.AsString() : null;

    public GgufTensorInfo? FindTensor(string name)
    {
        foreach (var t in Tensors)
        {
            if (t.Name == name)
            {
                return t;
            }
        }

        return null;
    }
}
