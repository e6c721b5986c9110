using Compressor.Storage;

namespace Compressor.Api.Hosting;

/// <summary>
/// Whether the database can be used right now. Storage calls report failures and successes here;
/// while it is down the service keeps compressing, uncached, and records wait in memory.
/// </summary>
public sealed class DatabaseState(IDatabaseHealth? health)
{
    private volatile bool migrated;
    private volatile bool available = true;

    public bool Configured => health is not null;

    /// <summary>True when configured, migrated and not known to be down.</summary>
    public bool Usable => Configured && migrated && available;

    public bool Migrated => migrated;

    public Func<int> PendingRecords { get; set; } = () => 0;

    public void MarkMigrated() => migrated = true;

    public void ReportFailure() => available = false;

    public void ReportSuccess() => available = true;

    public async Task<DatabaseStatus> CheckAsync(CancellationToken cancellationToken)
    {
        if (health is null)
        {
            return new DatabaseStatus("not_configured", false, null, "no ConnectionStrings:Compressor is set: results are not cached or recorded", 0);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(3));
        DatabaseHealthResult result;
        try
        {
            result = await health.PingAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            result = new DatabaseHealthResult(false, TimeSpan.FromSeconds(3), "timed out");
        }

        available = result.Ok;
        var status = result.Ok && migrated ? "ok" : "unavailable";
        var error = result.Ok && !migrated ? "migrations not applied yet" : result.Error;
        return new DatabaseStatus(status, migrated, result.Latency.TotalMilliseconds, error, PendingRecords());
    }
}
