using Compressor.Testing.Postgres;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Compressor.Storage.Tests;

/// <summary>A migrated database of its own for one test class, with the stores built on it.</summary>
public sealed class StorageDatabaseFixture : IAsyncLifetime
{
    public string ConnectionString { get; private set; } = "";

    public NpgsqlDataSource DataSource { get; private set; } = null!;

    public NpgsqlCompressionStore Compressions { get; private set; } = null!;

    public NpgsqlResultCache Cache { get; private set; } = null!;

    public NpgsqlBlobStore Blobs { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        ConnectionString = await TestPostgresCluster.Shared.CreateDatabaseAsync();
        DataSource = CompressorDataSource.Create(new StorageOptions { ConnectionString = ConnectionString });
        await new DatabaseMigrator(DataSource, NullLogger<DatabaseMigrator>.Instance).MigrateAsync();
        Compressions = new NpgsqlCompressionStore(DataSource, NullLogger<NpgsqlCompressionStore>.Instance);
        Cache = new NpgsqlResultCache(DataSource, NullLogger<NpgsqlResultCache>.Instance);
        Blobs = new NpgsqlBlobStore(DataSource, NullLogger<NpgsqlBlobStore>.Instance);
    }

    public async Task DisposeAsync()
    {
        await DataSource.DisposeAsync();
        TestPostgresCluster.Shared.DropDatabase(ConnectionString);
    }

    /// <summary>Runs one scalar query, for assertions on what the stores wrote.</summary>
    public async Task<T> ScalarAsync<T>(string sql, params NpgsqlParameter[] parameters)
    {
        await using var command = DataSource.CreateCommand(sql);
        command.Parameters.AddRange(parameters);
        return (T)(await command.ExecuteScalarAsync())!;
    }
}
