namespace Compressor.Storage;

/// <summary>A cache entry as read back.</summary>
/// <param name="PayloadJson">Exactly the JSON text that was stored.</param>
/// <param name="Hits">How many times the entry was read since it was last set, this read included.</param>
public sealed record CachedResult(string Key, string Method, string PayloadJson, DateTimeOffset CreatedAt, long Hits);
