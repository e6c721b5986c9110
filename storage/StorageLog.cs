using Microsoft.Extensions.Logging;

namespace Compressor.Storage;

/// <summary>Storage's log messages; event ids 3000-3099 are stable and belong to storage.</summary>
internal static partial class StorageLog
{
    [LoggerMessage(EventId = 3001, EventName = "MigrationApplied", Level = LogLevel.Information,
        Message = "Applied database migration {Version} ({Name}) in {ElapsedMs} ms")]
    public static partial void MigrationApplied(ILogger logger, int version, string name, long elapsedMs);

    [LoggerMessage(EventId = 3002, EventName = "SchemaUpToDate", Level = LogLevel.Debug,
        Message = "Database schema is up to date at version {Version}")]
    public static partial void SchemaUpToDate(ILogger logger, int version);

    [LoggerMessage(EventId = 3003, EventName = "UnknownMigrations", Level = LogLevel.Warning,
        Message = "Database has migrations this build does not know (newest {Version}); a newer version of the service ran against it")]
    public static partial void UnknownMigrations(ILogger logger, int version);

    [LoggerMessage(EventId = 3010, EventName = "StorageUnavailable", Level = LogLevel.Warning,
        Message = "Storage unavailable during {Operation}: {Reason}")]
    public static partial void StorageUnavailable(ILogger logger, string operation, string reason, Exception exception);

    [LoggerMessage(EventId = 3011, EventName = "RetryingStaleConnection", Level = LogLevel.Debug,
        Message = "Retrying {Operation} on a fresh connection after a pooled one failed")]
    public static partial void RetryingStaleConnection(ILogger logger, string operation, Exception exception);
}
