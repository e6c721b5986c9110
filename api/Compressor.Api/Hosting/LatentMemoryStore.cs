using Compressor.Engine.Latent;

namespace Compressor.Api.Hosting;

/// <summary>
/// The latent store when no database is configured: process memory, bounded in bytes, the oldest
/// sets dropped first (a dropped id answers 404 like an unknown one). Sets are lost on restart.
/// </summary>
public sealed class LatentMemoryStore(long maxBytes) : ILatentStore
{
    /// <summary>The default bound: 256 MiB of float16 values, about 65 k latent vectors of a 2048-wide decoder.</summary>
    public const long DefaultMaxBytes = 256L * 1024 * 1024;

    private readonly Lock gate = new();
    private readonly Dictionary<Guid, byte[]> sets = [];
    private readonly Queue<Guid> order = new();
    private long bytes;

    public int Count
    {
        get
        {
            lock (gate)
            {
                return sets.Count;
            }
        }
    }

    public long Bytes
    {
        get
        {
            lock (gate)
            {
                return bytes;
            }
        }
    }

    public Task<Guid> PutAsync(LatentSet latents, CancellationToken cancellationToken)
    {
        var data = LatentSetSerializer.Serialize(latents);
        var id = Guid.CreateVersion7();
        lock (gate)
        {
            sets[id] = data;
            order.Enqueue(id);
            bytes += data.Length;

            // The newest set is kept even when it alone exceeds the bound.
            while (bytes > maxBytes && order.Count > 1)
            {
                var oldest = order.Dequeue();
                if (sets.Remove(oldest, out var dropped))
                {
                    bytes -= dropped.Length;
                }
            }
        }

        return Task.FromResult(id);
    }

    public Task<LatentSet?> GetAsync(Guid id, CancellationToken cancellationToken)
    {
        byte[]? data;
        lock (gate)
        {
            sets.TryGetValue(id, out data);
        }

        return Task.FromResult(data is null ? null : LatentSetSerializer.Deserialize(data));
    }
}
