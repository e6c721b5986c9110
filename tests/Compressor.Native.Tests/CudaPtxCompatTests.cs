using System.Buffers.Binary;
using System.Diagnostics;
using System.Text;
using Compressor.Testing.Paths;

namespace Compressor.Native.Tests;

/// <summary>
/// deploy/cuda-ptx-compat.py on a synthetic shared library: an ELF file whose .nv_fatbin section
/// holds fat binaries laid out as in node-llama-cpp's libggml-cuda.so (PTX entries of ISA 9.1 as zstd
/// frames, SASS entries as they are).
/// </summary>
public sealed class CudaPtxCompatTests : IDisposable
{
    private const uint FatbinMagic = 0xBA55ED50;
    private const int EntryHeader = 80;
    private readonly string folder = Directory.CreateTempSubdirectory("ptx-compat-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private static string Ptx(int arch) => $"\n.version 9.1\n.target sm_{arch}\n.address_size 64\n.visible .entry k_{arch}() {{ ret; }}\n";

    private static byte[] Entry(int kind, int arch, byte[] payload, int uncompressed)
    {
        var padded = (payload.Length + 7) / 8 * 8;
        var e = new byte[EntryHeader + padded];
        BinaryPrimitives.WriteUInt16LittleEndian(e, (ushort)kind);
        BinaryPrimitives.WriteUInt16LittleEndian(e.AsSpan(2), 0x0101);
        BinaryPrimitives.WriteUInt32LittleEndian(e.AsSpan(4), EntryHeader);
        BinaryPrimitives.WriteUInt64LittleEndian(e.AsSpan(8), (ulong)padded);
        BinaryPrimitives.WriteUInt32LittleEndian(e.AsSpan(16), (uint)payload.Length);
        BinaryPrimitives.WriteUInt16LittleEndian(e.AsSpan(24), kind == 1 ? (ushort)1 : (ushort)0); // PTX ISA 9.1
        BinaryPrimitives.WriteUInt16LittleEndian(e.AsSpan(26), kind == 1 ? (ushort)9 : (ushort)0);
        BinaryPrimitives.WriteUInt32LittleEndian(e.AsSpan(28), (uint)arch);
        BinaryPrimitives.WriteUInt64LittleEndian(e.AsSpan(40), kind == 1 ? 0x8011UL : 0x11UL);
        BinaryPrimitives.WriteUInt64LittleEndian(e.AsSpan(56), (ulong)uncompressed);
        payload.CopyTo(e, EntryHeader);
        return e;
    }

    private static byte[] PtxEntry(int arch)
    {
        var text = Encoding.ASCII.GetBytes(Ptx(arch));
        return Entry(1, arch, Run("zstd", "-c -19 --no-check", text).Output, text.Length);
    }

    private static byte[] SassEntry(int arch) => Entry(2, arch, Encoding.ASCII.GetBytes($"\u007fELF sass for sm_{arch} ......"), 0);

    private static byte[] Container(params byte[][] entries)
    {
        var body = entries.SelectMany(e => e).ToArray();
        var c = new byte[16 + body.Length];
        BinaryPrimitives.WriteUInt32LittleEndian(c, FatbinMagic);
        BinaryPrimitives.WriteUInt16LittleEndian(c.AsSpan(4), 1);
        BinaryPrimitives.WriteUInt16LittleEndian(c.AsSpan(6), 16);
        BinaryPrimitives.WriteUInt64LittleEndian(c.AsSpan(8), (ulong)body.Length);
        body.CopyTo(c, 16);
        return c;
    }

    /// <summary>ELF64: header, .shstrtab, .nv_fatbin (the containers), 16 bytes of other data, section headers.</summary>
    private static (byte[] File, int FatbinOffset, int[] Containers) Library(params byte[][] containers)
    {
        var names = Encoding.ASCII.GetBytes("\0.shstrtab\0.nv_fatbin\0");
        var fatbin = containers.SelectMany(c => c).ToArray();
        var starts = new int[containers.Length];
        const int namesAt = 64;
        var fatbinAt = namesAt + names.Length;
        for (int i = 0, at = fatbinAt; i < containers.Length; at += containers[i].Length, i++)
        {
            starts[i] = at;
        }

        var tailAt = fatbinAt + fatbin.Length;
        var shoff = tailAt + 16;
        var file = new byte[shoff + (3 * 64)];
        "\u007fELF"u8.CopyTo(file);
        file[4] = 2;
        file[5] = 1;
        file[6] = 1;
        BinaryPrimitives.WriteUInt64LittleEndian(file.AsSpan(0x28), (ulong)shoff);
        BinaryPrimitives.WriteUInt16LittleEndian(file.AsSpan(0x3A), 64);
        BinaryPrimitives.WriteUInt16LittleEndian(file.AsSpan(0x3C), 3);
        BinaryPrimitives.WriteUInt16LittleEndian(file.AsSpan(0x3E), 1);
        names.CopyTo(file, namesAt);
        fatbin.CopyTo(file, fatbinAt);
        file.AsSpan(tailAt, 16).Fill(0xAB);
        void Section(int index, int name, int offset, int size)
        {
            var h = file.AsSpan(shoff + (index * 64));
            BinaryPrimitives.WriteUInt32LittleEndian(h, (uint)name);
            BinaryPrimitives.WriteUInt64LittleEndian(h[24..], (ulong)offset);
            BinaryPrimitives.WriteUInt64LittleEndian(h[32..], (ulong)size);
        }

        Section(1, 1, namesAt, names.Length);
        Section(2, 11, fatbinAt, fatbin.Length);
        return (file, fatbinAt, starts);
    }

    private static (int Code, byte[] Output, string Errors) Run(string program, string arguments, byte[]? input = null)
    {
        var start = new ProcessStartInfo(program, arguments) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEndAsync();
        if (input is not null)
        {
            process.StandardInput.BaseStream.Write(input);
        }

        process.StandardInput.Close();
        using var output = new MemoryStream();
        process.StandardOutput.BaseStream.CopyTo(output);
        process.WaitForExit();
        return (process.ExitCode, output.ToArray(), errors.Result);
    }

    private string Script(string library, string options)
    {
        var (code, output, errors) = Run("python3", $"\"{Path.Combine(RepositoryPaths.Root, "deploy", "cuda-ptx-compat.py")}\" \"{library}\" {options}");
        Assert.True(code == 0, $"exit {code}: {errors}");
        return Encoding.UTF8.GetString(output);
    }

    private static List<(int Kind, int Arch, int Major, int Minor, byte[] Payload, int Uncompressed)> Entries(byte[] file, int container)
    {
        Assert.Equal(FatbinMagic, BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(container)));
        var size = (int)BinaryPrimitives.ReadUInt64LittleEndian(file.AsSpan(container + 8));
        var entries = new List<(int, int, int, int, byte[], int)>();
        for (var at = container + 16; at < container + 16 + size;)
        {
            var e = file.AsSpan(at);
            var padded = (int)BinaryPrimitives.ReadUInt64LittleEndian(e[8..]);
            var csize = (int)BinaryPrimitives.ReadUInt32LittleEndian(e[16..]);
            entries.Add((BinaryPrimitives.ReadUInt16LittleEndian(e), (int)BinaryPrimitives.ReadUInt32LittleEndian(e[28..]),
                BinaryPrimitives.ReadUInt16LittleEndian(e[26..]), BinaryPrimitives.ReadUInt16LittleEndian(e[24..]),
                e.Slice(EntryHeader, csize).ToArray(), (int)BinaryPrimitives.ReadUInt64LittleEndian(e[56..])));
            at += EntryHeader + padded;
        }

        return entries;
    }

    [Fact]
    public void Keeps_only_the_gpus_entry_with_the_ptx_isa_lowered_and_nothing_else_moves()
    {
        var sass86 = SassEntry(86);
        var (original, fatbinAt, containers) = Library(
            Container(PtxEntry(75), PtxEntry(80), PtxEntry(90), sass86, SassEntry(89)),
            Container(SassEntry(86)));
        var path = Path.Combine(folder, "libggml-cuda.so");
        File.WriteAllBytes(path, original);

        var said = Script(path, "--arch 90");
        Assert.Contains("1 PTX entries lowered to ISA 9.0", said, StringComparison.Ordinal);
        var patched = File.ReadAllBytes(path);
        Assert.Equal(original, File.ReadAllBytes(path + ".orig"));
        Assert.Equal(original.Length, patched.Length);
        Assert.Equal(original.AsSpan(0, fatbinAt).ToArray(), patched.AsSpan(0, fatbinAt).ToArray());
        var sectionEnd = containers[1] + 16 + sass86.Length;
        Assert.Equal(original.AsSpan(sectionEnd).ToArray(), patched.AsSpan(sectionEnd).ToArray());

        var first = Entries(patched, containers[0]);
        var (kind, arch, major, minor, payload, uncompressed) = Assert.Single(first);
        Assert.Equal((1, 90, 9, 0), (kind, arch, major, minor));
        var text = Encoding.ASCII.GetString(Run("zstd", "-dc", payload).Output);
        Assert.Equal(Ptx(90).Replace(".version 9.1", ".version 9.0", StringComparison.Ordinal), text);
        Assert.Equal(text.Length, uncompressed);
        Assert.Empty(Entries(patched, containers[1])); // nothing there for sm_90
    }

    [Fact]
    public void A_gpu_with_machine_code_keeps_its_entry_byte_for_byte()
    {
        var sass86 = SassEntry(86);
        var (original, _, containers) = Library(Container(PtxEntry(80), sass86, PtxEntry(90)));
        var path = Path.Combine(folder, "lib86.so");
        File.WriteAllBytes(path, original);
        Script(path, "--arch 86");
        var patched = File.ReadAllBytes(path);
        var size = (int)BinaryPrimitives.ReadUInt64LittleEndian(patched.AsSpan(containers[0] + 8));
        Assert.Equal(sass86, patched.AsSpan(containers[0] + 16, size).ToArray());

        // sm_80 (an A100) has no machine code here: its own PTX, lowered.
        File.WriteAllBytes(path, original);
        File.Delete(path + ".orig");
        Script(path, "--arch 80");
        Assert.Equal((1, 80, 9, 0), Entries(File.ReadAllBytes(path), containers[0]).Select(e => (e.Kind, e.Arch, e.Major, e.Minor)).Single());
    }

    [Fact]
    public void Auto_leaves_the_library_alone_without_a_gpu()
    {
        var (original, _, _) = Library(Container(PtxEntry(90)));
        var path = Path.Combine(folder, "auto.so");
        File.WriteAllBytes(path, original);
        var said = Script(path, "--auto");
        if (said.Contains("no NVIDIA GPU", StringComparison.Ordinal))
        {
            Assert.Equal(original, File.ReadAllBytes(path));
            Assert.False(File.Exists(path + ".orig"));
        }
        else
        {
            Assert.Contains("cuda-ptx-compat:", said, StringComparison.Ordinal); // a GPU machine: it decided something and said so
        }
    }
}
