using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;

namespace Compressor.Storage;

/// <summary><see cref="IResultCache"/> over the <c>result_cache</c> table.</summary>
public sealed class NpgsqlResultCache : IResultCache
{
    // Reading and counting the hit is one statement, so concurrent readers never lose a count.
    private const string GetSql = """
        UPDATE result_cache SET hits = hits + 1, last_hit_at = now()
        WHERE key = @key
        RETURNING key, method, payload::text, created_at, hits
        """;

    private const string SetSql = """
        INSERT INTO result_cache (key, method, payload, created_at, last_hit_at, hits)
        VALUES (@key, @method, @payload, now(), NULL, 0)
        ON CONFLICT (key) DO UPDATE SET
            method = EXCLUDED.method, payload = EXCLUDED.payload,
            created_at = EXCLUDED.created_at, last_hit_at = NULL, hits = 0
        """;

    private readonly StorageExecutor _executor;

    public NpgsqlResultCache(NpgsqlDataSource dataSource, ILogger<NpgsqlResultCache> logger)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        ArgumentNullException.ThrowIfNull(logger);
        _executor = new StorageExecutor(dataSource, logger);
    }

    public Task<CachedResult?> TryGetAsync(string key, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        return _executor.RunAsync("read cache", async (connection, ct) =>
        {
            using var command = new NpgsqlCommand(GetSql, connection);
            command.Parameters.Add(new NpgsqlParameter<string>("key", key));
            var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                if (!await reader.ReadAsync(ct).ConfigureAwait(false))
                {
                    return null;
                }

                return new CachedResult(
                    reader.GetString(0),
                    reader.GetString(1),
                    reader.GetString(2),
                    reader.GetFieldValue<DateTimeOffset>(3),
                    reader.GetInt64(4));
            }
        }, cancellationToken);
    }

    public Task SetAsync(string key, string method, string payloadJson, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentException.ThrowIfNullOrEmpty(method);
        ArgumentNullException.ThrowIfNull(payloadJson);
        return _executor.RunAsync("write cache", async (connection, ct) =>
        {
            using var command = new NpgsqlCommand(SetSql, connection);
            command.Parameters.Add(new NpgsqlParameter<string>("key", key));
            command.Parameters.Add(new NpgsqlParameter<string>("method", method));
            command.Parameters.Add(new NpgsqlParameter("payload", NpgsqlDbType.Json) { Value = payloadJson });
            return await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }, cancellationToken);
    }
}
