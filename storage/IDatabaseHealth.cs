namespace Compressor.Storage;

/// <summary>A cheap reachability check for health endpoints.</summary>
public interface IDatabaseHealth
{
    /// <summary>Never throws for database failures (they come back as Ok = false); cancellation still throws.</summary>
    Task<DatabaseHealthResult> PingAsync(CancellationToken cancellationToken = default);
}
