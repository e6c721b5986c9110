using Compressor.Api.Configuration;
using Compressor.Engine.Models;
using Compressor.Storage;
using Microsoft.Extensions.Options;

namespace Compressor.Api.Hosting;

/// <summary>Once a minute: unload idle models, and drop stored texts older than the retention period.</summary>
public sealed partial class MaintenanceService(ModelRegistry registry, StorageServices storage, DatabaseState state, IOptions<ApiOptions> options,
    ILogger<MaintenanceService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(1));
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            registry.UnloadIdle(DateTime.UtcNow);
            if (storage.Records is { } store && state.Usable && options.Value.TextRetention is { } retention)
            {
                try
                {
                    var purged = await store.PurgeTextOlderThanAsync(DateTimeOffset.UtcNow - retention, stoppingToken);
                    if (purged > 0)
                    {
                        LogPurged(logger, purged);
                    }
                }
                catch (StorageUnavailableException)
                {
                    state.ReportFailure();
                }
            }
        }
    }

    [LoggerMessage(EventId = 4201, Level = LogLevel.Information, Message = "Retention: dropped the texts of {Count} records")]
    private static partial void LogPurged(ILogger logger, int count);
}
