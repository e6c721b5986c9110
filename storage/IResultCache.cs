namespace Compressor.Storage;

/// <summary>
/// Finished results keyed by an opaque, versioned key the caller computes. Every member throws
/// <see cref="StorageUnavailableException"/> when the database cannot be reached.
/// </summary>
public interface IResultCache
{
    /// <summary>Returns the entry and counts the hit, or null on a miss.</summary>
    Task<CachedResult?> TryGetAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Stores the entry, replacing any with the same key (its hit count starts over).</summary>
    Task SetAsync(string key, string method, string payloadJson, CancellationToken cancellationToken = default);
}
