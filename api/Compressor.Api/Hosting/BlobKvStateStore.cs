using Compressor.Engine.Eviction;
using Compressor.Storage;

namespace Compressor.Api.Hosting;

/// <summary>
/// Reduced KV caches in Postgres (the <c>blobs</c> table, kind "kv-state"). A cache is an
/// optimization: when the database is down, a lookup misses and a store is skipped, and the
/// request is answered by reading the document again.
/// </summary>
public sealed partial class BlobKvStateStore(IBlobStore blobs, DatabaseState database, ILogger<BlobKvStateStore> logger) : IKvStateStore
{
    public const string Kind = "kv-state";

    public async Task<byte[]?> GetAsync(string key, CancellationToken cancellationToken)
    {
        if (!database.Usable)
        {
            return null;
        }

        try
        {
            return (await blobs.GetAsync(Kind, key, cancellationToken).ConfigureAwait(false))?.Data;
        }
        catch (StorageUnavailableException e)
        {
            database.ReportFailure();
            LogUnavailable(logger, "read", e.Message);
            return null;
        }
    }

    public async Task PutAsync(string key, byte[] state, string metaJson, CancellationToken cancellationToken)
    {
        if (!database.Usable)
        {
            return;
        }

        try
        {
            await blobs.PutAsync(Kind, key, state, metaJson, cancellationToken).ConfigureAwait(false);
        }
        catch (StorageUnavailableException e)
        {
            database.ReportFailure();
            LogUnavailable(logger, "store", e.Message);
        }
    }

    [LoggerMessage(EventId = 6101, Level = LogLevel.Warning, Message = "KV state store unavailable; could not {Operation} a reduced cache ({Reason})")]
    private static partial void LogUnavailable(ILogger logger, string operation, string reason);
}
