using Compressor.Storage;

namespace Compressor.Api.Hosting;

/// <summary>
/// Applies migrations at start (under Postgres's advisory lock, so several instances are safe).
/// If the database is down the service still starts, degraded, and keeps retrying.
/// </summary>
public sealed partial class MigrationService(StorageServices storage, DatabaseState state, ILogger<MigrationService> logger) : BackgroundService
{
    public static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (storage.Migrator is not { } migrator)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var applied = await migrator.MigrateAsync(stoppingToken);
                state.MarkMigrated();
                state.ReportSuccess();
                LogMigrated(logger, applied);
                return;
            }
            catch (StorageUnavailableException e)
            {
                state.ReportFailure();
                LogRetry(logger, e.Message);
                await Task.Delay(RetryDelay, stoppingToken);
            }
        }
    }

    [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "Database ready ({Applied} migrations applied)")]
    private static partial void LogMigrated(ILogger logger, int applied);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Warning, Message = "Database unavailable at start ({Reason}); running degraded and retrying")]
    private static partial void LogRetry(ILogger logger, string reason);
}
