using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Compressor.Engine.Eviction;

/// <summary>
/// A stored reduced cache: the compacted llama.cpp sequence state (positions still gapped, no shift
/// pending) plus the map needed to use it again (token, source index, position per cell).
/// Layout: magic "CKV1", cell count, cells (3 x int32 each), state bytes.
/// </summary>
public static class KvStateEnvelope
{
    /// <summary>Bump when anything that determines the stored cache changes.</summary>
    public const string KeyVersion = "kv-evict-v1";

    private static ReadOnlySpan<byte> Magic => "CKV1"u8;

    public static byte[] Pack(CellMap map, byte[] state)
    {
        ArgumentNullException.ThrowIfNull(map);
        ArgumentNullException.ThrowIfNull(state);
        var data = new byte[8 + (map.Count * 12) + state.Length];
        Magic.CopyTo(data);
        BinaryPrimitives.WriteInt32LittleEndian(data.AsSpan(4), map.Count);
        for (var i = 0; i < map.Count; i++)
        {
            var e = map.Entries[i];
            BinaryPrimitives.WriteInt32LittleEndian(data.AsSpan(8 + (i * 12)), e.Token);
            BinaryPrimitives.WriteInt32LittleEndian(data.AsSpan(12 + (i * 12)), e.Source);
            BinaryPrimitives.WriteInt32LittleEndian(data.AsSpan(16 + (i * 12)), e.Position);
        }

        state.CopyTo(data, 8 + (map.Count * 12));
        return data;
    }

    /// <summary>The map and state, or null when the bytes are not an envelope of this version.</summary>
    public static (CellMap Map, byte[] State)? Unpack(byte[] data, int protectedHead)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.Length < 8 || !data.AsSpan(0, 4).SequenceEqual(Magic))
        {
            return null;
        }

        var count = BinaryPrimitives.ReadInt32LittleEndian(data.AsSpan(4));
        if (count < 0 || 8L + (count * 12L) > data.Length)
        {
            return null;
        }

        var cells = new (int, int, int, bool)[count];
        for (var i = 0; i < count; i++)
        {
            var source = BinaryPrimitives.ReadInt32LittleEndian(data.AsSpan(12 + (i * 12)));
            cells[i] = (BinaryPrimitives.ReadInt32LittleEndian(data.AsSpan(8 + (i * 12))), source,
                BinaryPrimitives.ReadInt32LittleEndian(data.AsSpan(16 + (i * 12))), source < protectedHead);
        }

        return (CellMap.FromCompacted(cells), data[(8 + (count * 12))..]);
    }

    /// <summary>The store key: everything that determines the reduced cache of a document.</summary>
    public static string Key(string modelFingerprint, ReadOnlySpan<int> stream, EvictionPlan plan, int documentBudget)
    {
        ArgumentNullException.ThrowIfNull(plan);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes(
            $"{KeyVersion}|{modelFingerprint}|{EvictionPolicies.Name(plan.Policy)}|{documentBudget}|{plan.ChunkTokens}|{plan.Window}|" +
            $"{string.Join(',', plan.Layers ?? [])}|{plan.Seed}|{plan.ClosePositionGaps}|"));
        var buffer = new byte[4];
        foreach (var token in stream)
        {
            BinaryPrimitives.WriteInt32LittleEndian(buffer, token);
            hash.AppendData(buffer);
        }

        return "kv:" + Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
