using System.Buffers.Binary;
using System.Text.Json;

namespace Compressor.Engine.Latent.Safetensors;

/// <summary>
/// A safetensors file: an 8-byte little-endian header length, a JSON header naming each tensor's
/// dtype, shape and data_offsets, then the raw little-endian data. Only the header is read up front;
/// <see cref="ReadAsFloats"/> seeks to one tensor. Errors are <see cref="FormatException"/>s naming the file.
/// </summary>
public sealed class SafetensorsFile
{
    private const long MaxHeaderBytes = 100L << 20;

    private SafetensorsFile(string path, long dataOffset, IReadOnlyDictionary<string, SafetensorsTensor> tensors, IReadOnlyDictionary<string, string> metadata)
    {
        Path = path;
        DataOffset = dataOffset;
        Tensors = tensors;
        Metadata = metadata;
    }

    public string Path { get; }

    /// <summary>Absolute offset of the data section (8 + header length).</summary>
    public long DataOffset { get; }

    public IReadOnlyDictionary<string, SafetensorsTensor> Tensors { get; }

    /// <summary>The optional "__metadata__" string map.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    public static SafetensorsFile Open(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        Span<byte> prefix = stackalloc byte[8];
        if (stream.Read(prefix) != 8)
        {
            throw Bad(path, "shorter than the 8-byte header length");
        }

        var headerLength = BinaryPrimitives.ReadInt64LittleEndian(prefix);
        if (headerLength < 2 || headerLength > MaxHeaderBytes || 8 + headerLength > stream.Length)
        {
            throw Bad(path, $"header length {headerLength} does not fit a file of {stream.Length} bytes");
        }

        var header = new byte[headerLength];
        stream.ReadExactly(header);
        var dataLength = stream.Length - 8 - headerLength;
        var tensors = new Dictionary<string, SafetensorsTensor>(StringComparer.Ordinal);
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        try
        {
            using var json = JsonDocument.Parse(header);
            if (json.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw Bad(path, "the header is not a JSON object");
            }

            foreach (var entry in json.RootElement.EnumerateObject())
            {
                if (entry.Name == "__metadata__")
                {
                    foreach (var m in entry.Value.EnumerateObject())
                    {
                        metadata[m.Name] = m.Value.ToString();
                    }

                    continue;
                }

                var tensor = ParseTensor(path, entry);
                if (tensor.End > dataLength)
                {
                    throw Bad(path, $"tensor '{entry.Name}' ends at byte {tensor.End} of a {dataLength}-byte data section");
                }

                tensors[entry.Name] = tensor;
            }
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or KeyNotFoundException)
        {
            throw Bad(path, $"the header is not valid safetensors JSON ({e.Message})", e);
        }

        return new SafetensorsFile(System.IO.Path.GetFullPath(path), 8 + headerLength, tensors, metadata);
    }

    /// <summary>The tensor's values as floats (F32, F16 and BF16), in PyTorch's row-major order.</summary>
    public float[] ReadAsFloats(SafetensorsTensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        var count = checked((int)tensor.ElementCount);
        var width = ElementSize(tensor.DataType)
            ?? throw Bad(Path, $"tensor '{tensor.Name}' has dtype {tensor.DataType}; only F32, F16 and BF16 can be read");
        var bytes = new byte[checked((int)tensor.ByteLength)];
        using (var stream = new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.Read))
        {
            stream.Seek(DataOffset + tensor.Begin, SeekOrigin.Begin);
            stream.ReadExactly(bytes);
        }

        var values = new float[count];
        for (var i = 0; i < count; i++)
        {
            var at = bytes.AsSpan(i * width, width);
            values[i] = tensor.DataType switch
            {
                "F32" => BinaryPrimitives.ReadSingleLittleEndian(at),
                "F16" => (float)BinaryPrimitives.ReadHalfLittleEndian(at),
                _ => BitConverter.Int32BitsToSingle(BinaryPrimitives.ReadUInt16LittleEndian(at) << 16),
            };
        }

        return values;
    }

    internal static int? ElementSize(string dataType) => dataType switch
    {
        "F32" => 4,
        "F16" or "BF16" => 2,
        _ => null,
    };

    private static SafetensorsTensor ParseTensor(string path, JsonProperty entry)
    {
        var dtype = entry.Value.GetProperty("dtype").GetString() ?? "";
        var shape = entry.Value.GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()).ToArray();
        var offsets = entry.Value.GetProperty("data_offsets").EnumerateArray().Select(d => d.GetInt64()).ToArray();
        if (offsets.Length != 2 || offsets[0] < 0 || offsets[1] < offsets[0] || shape.Any(d => d < 0))
        {
            throw Bad(path, $"tensor '{entry.Name}' has invalid shape or data_offsets");
        }

        var tensor = new SafetensorsTensor(entry.Name, dtype, shape, offsets[0], offsets[1]);
        if (ElementSize(dtype) is int size && tensor.ElementCount * size != tensor.ByteLength)
        {
            throw Bad(path, $"tensor '{entry.Name}' is {dtype} [{string.Join(", ", shape)}] but spans {tensor.ByteLength} bytes");
        }

        return tensor;
    }

    private static FormatException Bad(string path, string reason, Exception? inner = null) =>
        new($"safetensors file '{System.IO.Path.GetFileName(path)}': {reason}", inner);
}
