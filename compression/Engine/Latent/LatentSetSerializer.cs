using System.Text;

namespace Compressor.Engine.Latent;

/// <summary>
/// A compact binary form of a <see cref="LatentSet"/> for blob storage: "CLAT", version, adapter
/// name and fingerprint, hidden size, block table, then every vector as float16 (2 bytes a value).
/// </summary>
public static class LatentSetSerializer
{
    private const uint Magic = 0x54414C43; // "CLAT"
    private const int Version = 1;

    public static byte[] Serialize(LatentSet set)
    {
        ArgumentNullException.ThrowIfNull(set);
        using var stream = new MemoryStream();
        using (var w = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            w.Write(Magic);
            w.Write(Version);
            w.Write(set.Adapter);
            w.Write(set.AdapterFingerprint);
            w.Write(set.HiddenSize);
            w.Write(set.Blocks.Count);
            foreach (var b in set.Blocks)
            {
                w.Write(b.Start);
                w.Write(b.End);
                w.Write(b.TextTokens);
                w.Write(b.Vectors.Length);
            }

            foreach (var b in set.Blocks)
            {
                w.Write(LatentVectors.ToHalfBytes(b.Vectors));
            }
        }

        return stream.ToArray();
    }

    /// <summary>Reads a serialized set; throws <see cref="FormatException"/> when the bytes are not one.</summary>
    public static LatentSet Deserialize(ReadOnlySpan<byte> bytes)
    {
        using var stream = new MemoryStream(bytes.ToArray(), writable: false);
        using var r = new BinaryReader(stream, Encoding.UTF8);
        try
        {
            if (r.ReadUInt32() != Magic || r.ReadInt32() != Version)
            {
                throw new FormatException("not a latent set (bad magic or version)");
            }

            var adapter = r.ReadString();
            var fingerprint = r.ReadString();
            var hidden = r.ReadInt32();
            var count = r.ReadInt32();
            if (hidden < 1 || count < 0 || count > 1_000_000)
            {
                throw new FormatException($"implausible latent set header (hidden {hidden}, {count} blocks)");
            }

            var table = new (int Start, int End, int Tokens, int Values)[count];
            for (var i = 0; i < count; i++)
            {
                table[i] = (r.ReadInt32(), r.ReadInt32(), r.ReadInt32(), r.ReadInt32());
                if (table[i].Values < 0 || table[i].Values % hidden != 0)
                {
                    throw new FormatException($"block {i} holds {table[i].Values} values, not whole rows of {hidden}");
                }
            }

            var blocks = new LatentBlock[count];
            for (var i = 0; i < count; i++)
            {
                var data = r.ReadBytes(table[i].Values * 2);
                if (data.Length != table[i].Values * 2)
                {
                    throw new FormatException("latent set is truncated");
                }

                blocks[i] = new LatentBlock(table[i].Start, table[i].End, table[i].Tokens, LatentVectors.FromHalfBytes(data));
            }

            return new LatentSet(adapter, fingerprint, hidden, blocks);
        }
        catch (EndOfStreamException e)
        {
            throw new FormatException("latent set is truncated", e);
        }
    }
}
