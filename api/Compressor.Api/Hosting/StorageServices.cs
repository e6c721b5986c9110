using Compressor.Storage;

namespace Compressor.Api.Hosting;

/// <summary>The database-backed services, all null when no connection string is configured (the service then runs uncached).</summary>
public sealed record StorageServices(ICompressionStore? Records, IResultCache? Cache, IBlobStore? Blobs, DatabaseMigrator? Migrator)
{
    public static StorageServices None { get; } = new(null, null, null, null);
}
