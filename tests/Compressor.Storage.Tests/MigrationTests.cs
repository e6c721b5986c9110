using Compressor.Testing.Postgres;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Compressor.Storage.Tests;

public sealed class MigrationTests(PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>
{
    [Fact]
    public void Embedded_scripts_are_found_in_version_order()
    {
        var scripts = MigrationScript.LoadEmbedded();

        Assert.NotEmpty(scripts);
        Assert.Equal(1, scripts[0].Version);
        Assert.Equal("initial", scripts[0].Name);
        Assert.Contains("CREATE TABLE compressions", scripts[0].Sql, StringComparison.Ordinal);
        Assert.Equal(scripts.OrderBy(s => s.Version).Select(s => s.Version), scripts.Select(s => s.Version));
        Assert.Equal(scripts[^1].Version, DatabaseMigrator.LatestVersion);
    }

    [Fact]
    public async Task Instances_starting_together_apply_each_migration_exactly_once()
    {
        const int instances = 6;
        // Separate data sources, as separate service processes would have.
        var sources = Enumerable.Range(0, instances)
            .Select(_ => CompressorDataSource.Create(new StorageOptions { ConnectionString = database.ConnectionString }))
            .ToList();
        try
        {
            using var start = new ManualResetEventSlim();
            var runs = sources
                .Select(s => Task.Run(async () =>
                {
                    start.Wait();
                    return await new DatabaseMigrator(s, NullLogger<DatabaseMigrator>.Instance).MigrateAsync();
                }))
                .ToList();
            start.Set();
            var applied = await Task.WhenAll(runs);

            var scripts = MigrationScript.LoadEmbedded();
            Assert.Equal(scripts.Count, applied.Sum());
            Assert.Single(applied, n => n > 0);

            await using var command = sources[0].CreateCommand("SELECT version, name FROM schema_migrations ORDER BY version");
            await using var reader = await command.ExecuteReaderAsync();
            var rows = new List<(int, string)>();
            while (await reader.ReadAsync())
            {
                rows.Add((reader.GetInt32(0), reader.GetString(1)));
            }

            Assert.Equal(scripts.Select(s => (s.Version, s.Name)), rows);

            // Idempotent: a later start applies nothing.
            Assert.Equal(0, await new DatabaseMigrator(sources[0], NullLogger<DatabaseMigrator>.Instance).MigrateAsync());
            await using var tables = sources[0].CreateCommand(
                "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public' AND table_name IN ('compressions', 'result_cache', 'blobs')");
            Assert.Equal(3L, await tables.ExecuteScalarAsync());
        }
        finally
        {
            foreach (var s in sources)
            {
                await s.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task Unreachable_database_fails_migration_as_storage_unavailable()
    {
        // Port 1 on loopback refuses connections.
        var options = new StorageOptions { ConnectionString = new NpgsqlConnectionStringBuilder(database.ConnectionString) { Port = 1 }.ConnectionString };
        await using var source = CompressorDataSource.Create(options);

        var error = await Assert.ThrowsAsync<StorageUnavailableException>(
            () => new DatabaseMigrator(source, NullLogger<DatabaseMigrator>.Instance).MigrateAsync());
        Assert.IsAssignableFrom<NpgsqlException>(error.InnerException);
    }
}
