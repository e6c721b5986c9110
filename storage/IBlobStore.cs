namespace Compressor.Storage;

/// <summary>
/// Binary artifacts (stored latent vectors, saved KV-cache states) addressed by a kind and a key.
/// Every member throws <see cref="StorageUnavailableException"/> when the database cannot be reached.
/// </summary>
public interface IBlobStore
{
    /// <summary>Stores the blob, replacing any with the same kind and key.</summary>
    Task PutAsync(string kind, string key, byte[] data, string metaJson, CancellationToken cancellationToken = default);

    Task<StoredBlob?> GetAsync(string kind, string key, CancellationToken cancellationToken = default);

    /// <summary>Returns false when there was no such blob.</summary>
    Task<bool> DeleteAsync(string kind, string key, CancellationToken cancellationToken = default);
}
