namespace Compressor.Storage;

/// <summary>
/// The history of compressions. Every member throws <see cref="StorageUnavailableException"/> when the
/// database cannot be reached.
/// </summary>
public interface ICompressionStore
{
    /// <summary>Inserts the record, or replaces the one with the same id (so a retried save is harmless).</summary>
    Task SaveAsync(CompressionRecord record, CancellationToken cancellationToken = default);

    Task<CompressionRecord?> GetAsync(Guid id, CancellationToken cancellationToken = default);

    Task<CompressionPage> ListAsync(CompressionQuery query, CancellationToken cancellationToken = default);

    /// <summary>Returns false when no record had that id.</summary>
    Task<bool> DeleteAsync(Guid id, CancellationToken cancellationToken = default);

    /// <summary>
    /// Nulls input, output and question text of records created before <paramref name="cutoff"/>,
    /// keeping their numbers; returns how many rows lost text (rows already purged are not counted).
    /// </summary>
    Task<int> PurgeTextOlderThanAsync(DateTimeOffset cutoff, CancellationToken cancellationToken = default);
}
