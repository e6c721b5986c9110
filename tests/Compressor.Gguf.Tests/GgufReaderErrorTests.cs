using Compressor.Testing.Models;

namespace Compressor.Gguf.Tests;

public sealed class GgufReaderErrorTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Empty_file_is_not_a_GGUF_file() =>
        AssertFails([], "not a GGUF file");

    [Fact]
    public void Wrong_magic_is_reported() =>
        AssertFails(new GgufBytes().Raw("GGML"u8).U32(3).U64(0).U64(0).ToArray(), "bad magic");

    [Theory]
    [InlineData(1u)]
    [InlineData(4u)]
    [InlineData(0x03000000u)] // a big-endian v3 file read little-endian
    public void Unsupported_versions_are_reported(uint version) =>
        AssertFails(GgufBytes.Header(version, 0, 0).ToArray(), $"unsupported GGUF version {version}");

    [Fact]
    public void Version_2_files_are_read() =>
        Assert.Equal(2u, GgufReader.Read(Write(GgufBytes.Header(2, 0, 1).Str("k").U32(4).U32(9).ToArray())).Version);

    [Fact]
    public void Truncated_header_names_the_byte() =>
        AssertFails(new GgufBytes().Raw("GGUF"u8).U32(3).U32(0).ToArray(), "truncated at byte 12");

    [Fact]
    public void Truncated_metadata_value_names_the_byte() =>
        AssertFails(GgufBytes.Header(3, 0, 1).Str("key").U32((uint)GgufValueType.UInt64).U32(1).ToArray(), "truncated at byte");

    [Fact]
    public void Every_cut_through_a_real_header_fails_cleanly()
    {
        var bytes = File.ReadAllBytes(TestModels.SmallVocabPath);
        var headerLength = (int)GgufReader.Read(TestModels.SmallVocabPath).DataOffset;
        for (var cut = 0; cut < headerLength; cut += 97)
        {
            var path = Write(bytes.AsSpan(0, cut).ToArray());
            var ex = Assert.Throws<GgufFormatException>(() => GgufReader.Read(path));
            Assert.Contains(path, ex.Message);
            Assert.Equal(path, ex.FileName);
        }
    }

    [Fact]
    public void Cut_through_tensor_data_is_reported_as_truncated()
    {
        var bytes = File.ReadAllBytes(TestModels.TinyLlamaPath);
        AssertFails(bytes.AsSpan(0, bytes.Length - 100).ToArray(), "truncated: data of tensor 'output.weight'");
    }

    [Fact]
    public void Absurd_array_length_is_refused_before_allocating() =>
        AssertFails(GgufBytes.Header(3, 0, 1).Str("tokens").U32((uint)GgufValueType.Array).U32((uint)GgufValueType.String).U64(1UL << 40).ToArray(), "absurd length of array 'tokens'");

    [Fact]
    public void Absurd_string_length_is_refused() =>
        AssertFails(GgufBytes.Header(3, 0, 1).U64(ulong.MaxValue - 3).Raw(new byte[64]).ToArray(), "absurd length of key of metadata entry 0");

    [Fact]
    public void Absurd_counts_in_the_header_are_refused() =>
        AssertFails(GgufBytes.Header(3, 1UL << 62, 0).ToArray(), "absurd tensor count");

    [Fact]
    public void Plausible_length_beyond_the_end_is_truncation() =>
        AssertFails(GgufBytes.Header(3, 0, 1).Str("k").U32((uint)GgufValueType.Array).U32((uint)GgufValueType.Int32).U64(1000).ToArray(), "truncated at byte");

    [Fact]
    public void Unknown_value_type_is_reported() =>
        AssertFails(GgufBytes.Header(3, 0, 1).Str("k").U32(13).U64(0).ToArray(), "unknown value type 13");

    [Fact]
    public void Unknown_array_element_type_is_reported() =>
        AssertFails(GgufBytes.Header(3, 0, 1).Str("k").U32((uint)GgufValueType.Array).U32(99).U64(0).ToArray(), "unknown value type 99");

    [Fact]
    public void Invalid_bool_is_reported() =>
        AssertFails(GgufBytes.Header(3, 0, 1).Str("flag").U32((uint)GgufValueType.Bool).U8(7).ToArray(), "invalid bool value 7 for 'flag'");

    [Fact]
    public void Duplicate_key_is_reported() =>
        AssertFails(GgufBytes.Header(3, 0, 2).Str("k").U32(4).U32(1).Str("k").U32(4).U32(2).ToArray(), "duplicate metadata key 'k'");

    [Fact]
    public void Bad_alignment_is_reported() =>
        AssertFails(GgufBytes.Header(3, 0, 1).Str(GgufKeys.Alignment).U32((uint)GgufValueType.UInt32).U32(48).ToArray(), "power of two");

    [Fact]
    public void Too_many_tensor_dimensions_are_reported() =>
        AssertFails(Tensor(5, [32, 1, 1, 1, 1], 0, 0), "5 dimensions");

    [Fact]
    public void Unknown_tensor_type_is_reported() =>
        AssertFails(Tensor(1, [32], 77, 0), "unknown type 77");

    [Fact]
    public void Misaligned_tensor_offset_is_reported() =>
        AssertFails(Tensor(1, [32], (uint)GgufTensorType.F32, 8), "not a multiple of the alignment 32");

    [Fact]
    public void Block_type_with_partial_block_is_reported() =>
        AssertFails(Tensor(1, [48], (uint)GgufTensorType.Q8_0, 0), "not a multiple of its block size 32");

    [Fact]
    public void Stream_errors_carry_the_given_name()
    {
        using var stream = new MemoryStream([1, 2, 3, 4, 5]);
        var ex = Assert.Throws<GgufFormatException>(() => GgufReader.Read(stream, "my-stream"));
        Assert.StartsWith("my-stream: ", ex.Message);
    }

    private static byte[] Tensor(uint nDims, ulong[] dims, uint type, ulong offset)
    {
        var bytes = GgufBytes.Header(3, 1, 0).Str("t").U32(nDims);
        foreach (var d in dims)
        {
            bytes.U64(d);
        }

        return bytes.U32(type).U64(offset).Raw(new byte[512]).ToArray();
    }

    private string Write(byte[] bytes)
    {
        var path = _temp.File($"{Guid.NewGuid():N}.gguf");
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private void AssertFails(byte[] bytes, string expected)
    {
        var path = Write(bytes);
        var ex = Assert.Throws<GgufFormatException>(() => GgufReader.Read(path));
        Assert.Contains(path, ex.Message);
        Assert.Contains(expected, ex.Message);
    }
}
