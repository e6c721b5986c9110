using Microsoft.Extensions.Logging;
using Npgsql;

namespace Compressor.Storage;

/// <summary><see cref="IBlobStore"/> over the <c>blobs</c> table (bytea, so one blob must fit in memory).</summary>
public sealed class NpgsqlBlobStore : IBlobStore
{
    private const string PutSql = """
        INSERT INTO blobs (kind, key, data, meta, created_at)
        VALUES (@kind, @key, @data, @meta, now())
        ON CONFLICT (kind, key) DO UPDATE SET
            data = EXCLUDED.data, meta = EXCLUDED.meta, created_at = EXCLUDED.created_at
        """;

    private readonly StorageExecutor _executor;

    public NpgsqlBlobStore(NpgsqlDataSource dataSource, ILogger<NpgsqlBlobStore> logger)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        ArgumentNullException.ThrowIfNull(logger);
        _executor = new StorageExecutor(dataSource, logger);
    }

    public Task PutAsync(string kind, string key, byte[] data, string metaJson, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(kind);
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(metaJson);
        return _executor.RunAsync("put blob", async (connection, ct) =>
        {
            using var command = new NpgsqlCommand(PutSql, connection);
            command.Parameters.Add(new NpgsqlParameter<string>("kind", kind));
            command.Parameters.Add(new NpgsqlParameter<string>("key", key));
            command.Parameters.Add(new NpgsqlParameter<byte[]>("data", data));
            command.Parameters.Add(Db.Json("meta", metaJson));
            return await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }, cancellationToken);
    }

    public Task<StoredBlob?> GetAsync(string kind, string key, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(kind);
        ArgumentException.ThrowIfNullOrEmpty(key);
        return _executor.RunAsync("get blob", async (connection, ct) =>
        {
            using var command = new NpgsqlCommand(
                "SELECT data, meta::text, created_at FROM blobs WHERE kind = @kind AND key = @key", connection);
            command.Parameters.Add(new NpgsqlParameter<string>("kind", kind));
            command.Parameters.Add(new NpgsqlParameter<string>("key", key));
            var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                if (!await reader.ReadAsync(ct).ConfigureAwait(false))
                {
                    return null;
                }

                return new StoredBlob(
                    kind,
                    key,
                    reader.GetFieldValue<byte[]>(0),
                    reader.GetString(1),
                    reader.GetFieldValue<DateTimeOffset>(2));
            }
        }, cancellationToken);
    }

    public Task<bool> DeleteAsync(string kind, string key, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(kind);
        ArgumentException.ThrowIfNullOrEmpty(key);
        return _executor.RunAsync("delete blob", async (connection, ct) =>
        {
            using var command = new NpgsqlCommand("DELETE FROM blobs WHERE kind = @kind AND key = @key", connection);
            command.Parameters.Add(new NpgsqlParameter<string>("kind", kind));
            command.Parameters.Add(new NpgsqlParameter<string>("key", key));
            return await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false) > 0;
        }, cancellationToken);
    }
}
