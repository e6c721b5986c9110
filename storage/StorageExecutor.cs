using Microsoft.Extensions.Logging;
using Npgsql;

namespace Compressor.Storage;

/// <summary>
/// Runs one unit of database work on a pooled connection and turns connectivity failures into
/// <see cref="StorageUnavailableException"/>, so no store leaks a raw <see cref="NpgsqlException"/> for them.
/// </summary>
internal sealed class StorageExecutor(NpgsqlDataSource dataSource, ILogger logger)
{
    public NpgsqlDataSource DataSource => dataSource;

    /// <summary>
    /// Work must be safe to run twice: after a database restart every idle pooled connection is dead,
    /// and the first command on one fails although the server is back, so that case is retried once.
    /// </summary>
    public async Task<T> RunAsync<T>(
        string operation,
        Func<NpgsqlConnection, CancellationToken, Task<T>> work,
        CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var opened = false;
            try
            {
                var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
                await using (connection.ConfigureAwait(false))
                {
                    opened = true;
                    return await work(connection, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested && StorageFailures.IsUnavailable(ex))
            {
                // Drop every pooled connection: after an outage they are all dead, and the next open should dial afresh.
                dataSource.Clear();
                if (opened && attempt == 1 && !StorageFailures.IsTimeout(ex))
                {
                    StorageLog.RetryingStaleConnection(logger, operation, ex);
                    continue;
                }

                StorageLog.StorageUnavailable(logger, operation, ex.Message, ex);
                throw new StorageUnavailableException($"The database is unavailable ({operation}): {ex.Message}", ex);
            }
        }
    }
}
