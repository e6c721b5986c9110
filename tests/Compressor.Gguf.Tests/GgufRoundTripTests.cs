namespace Compressor.Gguf.Tests;

public sealed class GgufRoundTripTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Every_scalar_type_reads_back_with_its_type_and_value()
    {
        var writer = new GgufWriter();
        writer.Add("u8", GgufValue.FromUInt8(250));
        writer.Add("i8", GgufValue.FromInt8(-120));
        writer.Add("u16", GgufValue.FromUInt16(65000));
        writer.Add("i16", GgufValue.FromInt16(-32000));
        writer.Add("u32", GgufValue.FromUInt32(4_000_000_000));
        writer.Add("i32", GgufValue.FromInt32(-2_000_000_000));
        writer.Add("u64", GgufValue.FromUInt64(ulong.MaxValue));
        writer.Add("i64", GgufValue.FromInt64(long.MinValue));
        writer.Add("f32", GgufValue.FromFloat32(3.25f));
        writer.Add("f64", GgufValue.FromFloat64(-1e300));
        writer.Add("t", GgufValue.FromBool(true));
        writer.Add("f", GgufValue.FromBool(false));
        writer.Add("s", GgufValue.FromString("héllo ✓ 世界"));
        writer.Add("empty", GgufValue.FromString(string.Empty));

        var file = WriteAndRead(writer);

        Assert.Equal(3u, file.Version);
        Assert.Equal(14, file.Metadata.Count);
        Assert.Equal(["u8", "i8", "u16", "i16", "u32", "i32", "u64", "i64", "f32", "f64", "t", "f", "s", "empty"], file.Metadata.Select(kv => kv.Key));
        Assert.Equal((byte)250, Value("u8", GgufValueType.UInt8));
        Assert.Equal((sbyte)-120, Value("i8", GgufValueType.Int8));
        Assert.Equal((ushort)65000, Value("u16", GgufValueType.UInt16));
        Assert.Equal((short)-32000, Value("i16", GgufValueType.Int16));
        Assert.Equal(4_000_000_000u, Value("u32", GgufValueType.UInt32));
        Assert.Equal(-2_000_000_000, Value("i32", GgufValueType.Int32));
        Assert.Equal(ulong.MaxValue, Value("u64", GgufValueType.UInt64));
        Assert.Equal(long.MinValue, Value("i64", GgufValueType.Int64));
        Assert.Equal(3.25f, Value("f32", GgufValueType.Float32));
        Assert.Equal(-1e300, Value("f64", GgufValueType.Float64));
        Assert.Equal(true, Value("t", GgufValueType.Bool));
        Assert.Equal(false, Value("f", GgufValueType.Bool));
        Assert.Equal("héllo ✓ 世界", file.GetString("s"));
        Assert.Equal(string.Empty, file.GetString("empty"));
        Assert.Equal(-2_000_000_000L, file.Find("i32")!.ToInt64());
        Assert.Equal(3.25, file.Find("f32")!.ToDouble());

        object Value(string key, GgufValueType type)
        {
            var v = file.Find(key)!;
            Assert.Equal(type, v.Type);
            return v.Value;
        }
    }

    [Fact]
    public void Arrays_of_every_type_and_nested_arrays_read_back()
    {
        var writer = new GgufWriter();
        writer.Add("u8", GgufValue.ArrayOf(new byte[] { 0, 1, 255 }));
        writer.Add("i8", GgufValue.ArrayOf(new sbyte[] { -128, 0, 127 }));
        writer.Add("u16", GgufValue.ArrayOf(new ushort[] { 1, 65535 }));
        writer.Add("i16", GgufValue.ArrayOf(new short[] { -1, 2 }));
        writer.Add("u32", GgufValue.ArrayOf(new uint[] { 7, uint.MaxValue }));
        writer.Add("i32", GgufValue.ArrayOf(new[] { -5, 6, 7 }));
        writer.Add("u64", GgufValue.ArrayOf(new ulong[] { 9, ulong.MaxValue }));
        writer.Add("i64", GgufValue.ArrayOf(new[] { long.MinValue, 3L }));
        writer.Add("f32", GgufValue.ArrayOf(new[] { 0.5f, -2f }));
        writer.Add("f64", GgufValue.ArrayOf(new[] { 0.25, 1e-300 }));
        writer.Add("bool", GgufValue.ArrayOf(new[] { true, false, true }));
        writer.Add("str", GgufValue.ArrayOf(new[] { "a", string.Empty, "Ġthe" }));
        writer.Add("none", GgufValue.ArrayOf(Array.Empty<int>()));
        writer.Add("nested", GgufValue.ArrayOf(new[]
        {
            GgufValue.ArrayOf(new[] { 1, 2 }),
            GgufValue.ArrayOf(new[] { "x" }),
            GgufValue.ArrayOf(new[] { GgufValue.ArrayOf(new[] { 1.5f }) }),
        }));

        var file = WriteAndRead(writer);

        Assert.Equal(new byte[] { 0, 1, 255 }, file.Find("u8")!.GetArray<byte>());
        Assert.Equal(new sbyte[] { -128, 0, 127 }, file.Find("i8")!.GetArray<sbyte>());
        Assert.Equal(new ushort[] { 1, 65535 }, file.Find("u16")!.GetArray<ushort>());
        Assert.Equal(new short[] { -1, 2 }, file.Find("i16")!.GetArray<short>());
        Assert.Equal(new uint[] { 7, uint.MaxValue }, file.Find("u32")!.GetArray<uint>());
        Assert.Equal(new[] { -5, 6, 7 }, file.Find("i32")!.GetArray<int>());
        Assert.Equal(new ulong[] { 9, ulong.MaxValue }, file.Find("u64")!.GetArray<ulong>());
        Assert.Equal(new[] { long.MinValue, 3L }, file.Find("i64")!.GetArray<long>());
        Assert.Equal(new[] { 0.5f, -2f }, file.Find("f32")!.GetArray<float>());
        Assert.Equal(new[] { 0.25, 1e-300 }, file.Find("f64")!.GetArray<double>());
        Assert.Equal(new[] { true, false, true }, file.Find("bool")!.GetArray<bool>());
        Assert.Equal(new[] { "a", string.Empty, "Ġthe" }, file.Find("str")!.GetArray<string>());
        Assert.Equal(GgufValueType.Int32, file.Find("none")!.ElementType);
        Assert.Equal(0, file.Find("none")!.ArrayLength);

        var nested = file.Find("nested")!;
        Assert.Equal(GgufValueType.Array, nested.ElementType);
        var items = nested.GetArray<GgufValue>();
        Assert.Equal(new[] { 1, 2 }, items[0].GetArray<int>());
        Assert.Equal(new[] { "x" }, items[1].GetArray<string>());
        Assert.Equal(new[] { 1.5f }, items[2].GetArray<GgufValue>()[0].GetArray<float>());
    }

    [Fact]
    public void F32_and_F16_tensors_read_back_exactly_and_Q8_0_closely()
    {
        var random = new Random(7);
        var values = Enumerable.Range(0, 64 * 3).Select(_ => (float)((random.NextDouble() * 2) - 1)).ToArray();
        values[5] = 0f;
        var writer = new GgufWriter();
        writer.Add("general.architecture", GgufValue.FromString("test"));
        writer.AddTensor("f32", GgufTensorType.F32, [64, 3], sink => sink.Write(values));
        writer.AddTensor("f16", GgufTensorType.F16, [64, 3], sink => sink.Write(values));

        // Written in odd-sized pieces to exercise the partial-block path of the Q8_0 encoder.
        writer.AddTensor("q8", GgufTensorType.Q8_0, [64, 3], sink =>
        {
            sink.Write(values.AsSpan(0, 7));
            sink.Write(values.AsSpan(7, 50));
            sink.Write(values.AsSpan(57));
        });
        writer.AddTensor("zeros", GgufTensorType.Q8_0, [32], sink => sink.Write(new float[32]));

        var file = WriteAndRead(writer);

        Assert.Equal(values, GgufTensorData.ReadAsFloats(file, file.FindTensor("f32")!));
        Assert.Equal(values.Select(v => (float)(Half)v), GgufTensorData.ReadAsFloats(file, file.FindTensor("f16")!));
        var q8 = GgufTensorData.ReadAsFloats(file, file.FindTensor("q8")!);
        for (var b = 0; b < values.Length / 32; b++)
        {
            var block = values.AsSpan(b * 32, 32).ToArray();
            var step = block.Max(MathF.Abs) / 127f;
            for (var i = 0; i < 32; i++)
            {
                // Half a quantization step, plus the f16 rounding of the scale (relative 2^-11 of up to 127 steps).
                Assert.InRange(Math.Abs(q8[(b * 32) + i] - block[i]), 0, (step * 0.5f) + (MathF.Abs(block[i]) * 1e-3f) + 1e-7f);
            }
        }

        Assert.Equal(new float[32], GgufTensorData.ReadAsFloats(file, file.FindTensor("zeros")!));
        Assert.Equal(34 * 6, file.FindTensor("q8")!.ByteSize);
    }

    [Theory]
    [InlineData(32)]
    [InlineData(64)]
    [InlineData(256)]
    public void Tensor_offsets_and_data_start_are_aligned_and_the_file_ends_padded(int alignment)
    {
        var writer = new GgufWriter(alignment);
        writer.Add("general.name", GgufValue.FromString("odd-length-name"));
        writer.AddTensor("a", GgufTensorType.F32, [3], sink => sink.Write([1f, 2f, 3f]));
        writer.AddTensor("b", GgufTensorType.F16, [5, 1], sink => sink.Write([1f, 2f, 3f, 4f, 5f]));
        writer.AddTensor("c", GgufTensorType.Q8_0, [32], sink => sink.Write(new float[32]));

        var file = WriteAndRead(writer);

        Assert.Equal(alignment, file.Alignment);
        Assert.Equal(0, file.DataOffset % alignment);
        Assert.All(file.Tensors, t => Assert.Equal(0, t.Offset % alignment));
        // 12, 10 and 34 bytes, each padded to the alignment.
        var q8Padded = (34 + alignment - 1) / alignment * alignment;
        Assert.Equal([0L, alignment, 2L * alignment], file.Tensors.Select(t => t.Offset));
        Assert.Equal(file.DataOffset + (2L * alignment) + q8Padded, file.FileSize);
        Assert.Equal(alignment != 32, file.Find(GgufKeys.Alignment) is not null);
        Assert.Equal([2f, 4f], GgufTensorData.ReadAsFloats(file, file.FindTensor("b")!).Where((_, i) => i % 2 == 1));
    }

    [Fact]
    public void Writer_rejects_a_tensor_given_the_wrong_number_of_values()
    {
        var writer = new GgufWriter();
        writer.AddTensor("short", GgufTensorType.F32, [4], sink => sink.Write([1f, 2f]));
        var ex = Assert.Throws<InvalidOperationException>(() => writer.WriteTo(new MemoryStream()));
        Assert.Contains("short", ex.Message);

        var tooMany = new GgufWriter();
        tooMany.AddTensor("long", GgufTensorType.F32, [2], sink => sink.Write([1f, 2f, 3f]));
        Assert.Throws<InvalidOperationException>(() => tooMany.WriteTo(new MemoryStream()));
    }

    [Fact]
    public void Writer_rejects_duplicates_and_misaligned_block_types()
    {
        var writer = new GgufWriter();
        writer.Add("k", GgufValue.FromInt32(1));
        Assert.Throws<ArgumentException>(() => writer.Add("k", GgufValue.FromInt32(2)));
        writer.AddTensor("t", GgufTensorType.F32, [1], _ => { });
        Assert.Throws<ArgumentException>(() => writer.AddTensor("t", GgufTensorType.F32, [1], _ => { }));
        Assert.Throws<ArgumentException>(() => writer.AddTensor("q", GgufTensorType.Q8_0, [48], _ => { }));
        Assert.Throws<ArgumentException>(() => writer.Add(GgufKeys.Alignment, GgufValue.FromUInt32(64)));
    }

    private GgufFile WriteAndRead(GgufWriter writer)
    {
        var path = _temp.File("model.gguf");
        writer.WriteTo(path);
        var file = GgufReader.Read(path);
        Assert.Equal(new FileInfo(path).Length, file.FileSize);
        return file;
    }
}
