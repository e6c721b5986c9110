namespace Compressor.Engine.Eviction;

/// <summary>
/// Keeps reduced KV caches per document (the host implements it over Postgres). Values are opaque
/// envelopes (<see cref="KvStateEnvelope"/>); <c>metaJson</c> describes them for inspection.
/// </summary>
public interface IKvStateStore
{
    Task<byte[]?> GetAsync(string key, CancellationToken cancellationToken);

    Task PutAsync(string key, byte[] state, string metaJson, CancellationToken cancellationToken);
}
