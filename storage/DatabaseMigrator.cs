using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Compressor.Storage;

/// <summary>
/// Brings the schema up to date from the embedded <c>Migrations/NNNN_name.sql</c> scripts. Each script
/// runs in its own transaction and is recorded in <c>schema_migrations</c>; the whole run holds a
/// session advisory lock, so service instances starting together apply each script exactly once.
/// </summary>
public sealed class DatabaseMigrator
{
    /// <summary>"Compress" in ASCII: the advisory lock key every instance agrees on.</summary>
    public const long AdvisoryLockKey = 0x436F_6D70_7265_7373L;

    private const string CreateHistorySql = """
        CREATE TABLE IF NOT EXISTS schema_migrations (
            version    integer     PRIMARY KEY,
            name       text        NOT NULL,
            applied_at timestamptz NOT NULL DEFAULT now()
        )
        """;

    private static readonly Lazy<IReadOnlyList<MigrationScript>> Scripts = new(MigrationScript.LoadEmbedded);

    private readonly StorageExecutor _executor;
    private readonly ILogger _logger;

    public DatabaseMigrator(NpgsqlDataSource dataSource, ILogger<DatabaseMigrator> logger)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        ArgumentNullException.ThrowIfNull(logger);
        _executor = new StorageExecutor(dataSource, logger);
        _logger = logger;
    }

    /// <summary>The newest schema version this build knows.</summary>
    public static int LatestVersion => Scripts.Value.Count == 0 ? 0 : Scripts.Value[^1].Version;

    /// <summary>Applies the missing migrations in order and returns how many this call applied.</summary>
    /// <exception cref="StorageUnavailableException">The database cannot be reached.</exception>
    public Task<int> MigrateAsync(CancellationToken cancellationToken = default) =>
        _executor.RunAsync("migrate", MigrateAsync, cancellationToken);

    private async Task<int> MigrateAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        // Waiting for another instance, or building an index on a large table, may outlast the command timeout.
        await ExecuteAsync(connection, null, "SELECT pg_advisory_lock(@key)", ct, AdvisoryLockKey).ConfigureAwait(false);
        try
        {
            await ExecuteAsync(connection, null, CreateHistorySql, ct).ConfigureAwait(false);
            var applied = await ReadAppliedAsync(connection, ct).ConfigureAwait(false);
            var count = 0;
            foreach (var script in Scripts.Value)
            {
                if (applied.Contains(script.Version))
                {
                    continue;
                }

                var stopwatch = Stopwatch.StartNew();
                var transaction = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
                await using (transaction.ConfigureAwait(false))
                {
                    await ExecuteAsync(connection, transaction, script.Sql, ct).ConfigureAwait(false);
                    using var record = new NpgsqlCommand(
                        "INSERT INTO schema_migrations (version, name) VALUES (@version, @name)", connection, transaction);
                    record.Parameters.Add(new NpgsqlParameter<int>("version", script.Version));
                    record.Parameters.Add(new NpgsqlParameter<string>("name", script.Name));
                    await record.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
                    await transaction.CommitAsync(ct).ConfigureAwait(false);
                }

                count++;
                StorageLog.MigrationApplied(_logger, script.Version, script.Name, stopwatch.ElapsedMilliseconds);
            }

            var newest = applied.Count == 0 ? 0 : applied.Max();
            if (newest > LatestVersion)
            {
                StorageLog.UnknownMigrations(_logger, newest);
            }
            else if (count == 0)
            {
                StorageLog.SchemaUpToDate(_logger, LatestVersion);
            }

            return count;
        }
        finally
        {
            // On a broken connection the server has already dropped the lock with the session.
            if (connection.FullState == System.Data.ConnectionState.Open)
            {
                await ExecuteAsync(connection, null, "SELECT pg_advisory_unlock(@key)", CancellationToken.None, AdvisoryLockKey)
                    .ConfigureAwait(false);
            }
        }
    }

    private static async Task<HashSet<int>> ReadAppliedAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        var versions = new HashSet<int>();
        using var command = new NpgsqlCommand("SELECT version FROM schema_migrations", connection);
        var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
            {
                versions.Add(reader.GetInt32(0));
            }
        }

        return versions;
    }

    private static async Task ExecuteAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, CancellationToken ct, long? key = null)
    {
        using var command = new NpgsqlCommand(sql, connection, transaction) { CommandTimeout = 0 };
        if (key is { } lockKey)
        {
            command.Parameters.Add(new NpgsqlParameter<long>("key", lockKey));
        }

        await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }
}
