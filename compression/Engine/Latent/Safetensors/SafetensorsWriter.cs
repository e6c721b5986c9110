using System.Buffers.Binary;
using System.Text.Json;

namespace Compressor.Engine.Latent.Safetensors;

/// <summary>Writes a small safetensors file (F32, F16 or BF16) in memory; for tests and stripped checkpoints.</summary>
public sealed class SafetensorsWriter
{
    private readonly List<(string Name, string DataType, long[] Shape, byte[] Data)> tensors = [];

    public SafetensorsWriter Add(string name, string dataType, long[] shape, ReadOnlySpan<float> values)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(shape);
        var width = SafetensorsFile.ElementSize(dataType) ?? throw new ArgumentException($"dtype {dataType} is not supported", nameof(dataType));
        if (shape.Aggregate(1L, (a, d) => a * d) != values.Length)
        {
            throw new ArgumentException($"shape [{string.Join(", ", shape)}] does not hold {values.Length} values", nameof(shape));
        }

        var data = new byte[values.Length * width];
        for (var i = 0; i < values.Length; i++)
        {
            var at = data.AsSpan(i * width, width);
            switch (dataType)
            {
                case "F32": BinaryPrimitives.WriteSingleLittleEndian(at, values[i]); break;
                case "F16": BinaryPrimitives.WriteHalfLittleEndian(at, (Half)values[i]); break;
                default: BinaryPrimitives.WriteUInt16LittleEndian(at, (ushort)(BitConverter.SingleToInt32Bits(values[i]) >>> 16)); break;
            }
        }

        tensors.Add((name, dataType, shape, data));
        return this;
    }

    public void WriteTo(string path)
    {
        using var header = new MemoryStream();
        using (var json = new Utf8JsonWriter(header))
        {
            json.WriteStartObject();
            long offset = 0;
            foreach (var (name, dtype, shape, data) in tensors)
            {
                json.WriteStartObject(name);
                json.WriteString("dtype", dtype);
                json.WriteStartArray("shape");
                foreach (var d in shape)
                {
                    json.WriteNumberValue(d);
                }

                json.WriteEndArray();
                json.WriteStartArray("data_offsets");
                json.WriteNumberValue(offset);
                json.WriteNumberValue(offset + data.Length);
                json.WriteEndArray();
                json.WriteEndObject();
                offset += data.Length;
            }

            json.WriteEndObject();
        }

        // Pad the header with spaces to 8 bytes, as the reference writer does.
        var headerBytes = header.ToArray().Concat(Enumerable.Repeat((byte)' ', (int)((8 - header.Length % 8) % 8))).ToArray();
        using var file = new FileStream(path, FileMode.Create, FileAccess.Write);
        Span<byte> length = stackalloc byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(length, headerBytes.Length);
        file.Write(length);
        file.Write(headerBytes);
        foreach (var t in tensors)
        {
            file.Write(t.Data);
        }
    }
}
