using System.Collections.Concurrent;

namespace Compressor.Engine.Latent;

/// <summary>A process-local store (tests, development); it keeps the serialized form, as a real store would.</summary>
public sealed class InMemoryLatentStore : ILatentStore
{
    private readonly ConcurrentDictionary<Guid, byte[]> sets = new();

    public int Count => sets.Count;

    public Task<Guid> PutAsync(LatentSet latents, CancellationToken cancellationToken)
    {
        var id = Guid.NewGuid();
        sets[id] = LatentSetSerializer.Serialize(latents);
        return Task.FromResult(id);
    }

    public Task<LatentSet?> GetAsync(Guid id, CancellationToken cancellationToken) =>
        Task.FromResult(sets.TryGetValue(id, out var bytes) ? LatentSetSerializer.Deserialize(bytes) : null);
}
