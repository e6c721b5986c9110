using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Compressor.Storage;

/// <summary><see cref="IDatabaseHealth"/> by a <c>SELECT 1</c> round trip.</summary>
public sealed class NpgsqlDatabaseHealth : IDatabaseHealth
{
    private readonly StorageExecutor _executor;

    public NpgsqlDatabaseHealth(NpgsqlDataSource dataSource, ILogger<NpgsqlDatabaseHealth> logger)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        ArgumentNullException.ThrowIfNull(logger);
        _executor = new StorageExecutor(dataSource, logger);
    }

    public async Task<DatabaseHealthResult> PingAsync(CancellationToken cancellationToken = default)
    {
        var stopwatch = Stopwatch.StartNew();
        try
        {
            await _executor.RunAsync("ping", async (connection, ct) =>
            {
                using var command = new NpgsqlCommand("SELECT 1", connection);
                return await command.ExecuteScalarAsync(ct).ConfigureAwait(false);
            }, cancellationToken).ConfigureAwait(false);
            return new DatabaseHealthResult(true, stopwatch.Elapsed, null);
        }
        // Misconfiguration (bad password, missing database) is unhealthy too, not only an outage.
        catch (Exception ex) when (ex is StorageUnavailableException or NpgsqlException)
        {
            return new DatabaseHealthResult(false, stopwatch.Elapsed, ex.Message);
        }
    }
}
