using Compressor.Testing.Postgres;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Compressor.Storage.Tests;

/// <summary>
/// Stops and restarts a private cluster (never the shared one, which other classes use meanwhile) under
/// stores built once, as the running service would hold them.
/// </summary>
public sealed class OutageTests : IAsyncLifetime
{
    private TestPostgresCluster _cluster = null!;
    private NpgsqlDataSource _source = null!;
    private NpgsqlCompressionStore _compressions = null!;
    private NpgsqlResultCache _cache = null!;
    private NpgsqlBlobStore _blobs = null!;
    private NpgsqlDatabaseHealth _health = null!;
    private DatabaseMigrator _migrator = null!;

    public async Task InitializeAsync()
    {
        _cluster = await TestPostgresCluster.StartNewAsync();
        var connectionString = await _cluster.CreateDatabaseAsync();
        _source = CompressorDataSource.Create(new StorageOptions { ConnectionString = connectionString, CommandTimeoutSeconds = 5 });
        _migrator = new DatabaseMigrator(_source, NullLogger<DatabaseMigrator>.Instance);
        await _migrator.MigrateAsync();
        _compressions = new NpgsqlCompressionStore(_source, NullLogger<NpgsqlCompressionStore>.Instance);
        _cache = new NpgsqlResultCache(_source, NullLogger<NpgsqlResultCache>.Instance);
        _blobs = new NpgsqlBlobStore(_source, NullLogger<NpgsqlBlobStore>.Instance);
        _health = new NpgsqlDatabaseHealth(_source, NullLogger<NpgsqlDatabaseHealth>.Instance);
    }

    public async Task DisposeAsync()
    {
        await _source.DisposeAsync();
        await _cluster.DisposeAsync();
    }

    [Fact]
    public async Task Every_store_call_fails_as_storage_unavailable_while_the_database_is_down_and_works_after()
    {
        var record = TestRecords.New("outage", TestRecords.At(2026, 5, 1));
        await _compressions.SaveAsync(record);
        await _cache.SetAsync("k", "outage", """{"a": 1}""");
        await _blobs.PutAsync("latent", "k", [1, 2], "{}");
        Assert.True((await _health.PingAsync()).Ok);

        await _cluster.StopAsync();
        try
        {
            await AssertUnavailable(() => _compressions.SaveAsync(record));
            await AssertUnavailable(() => _compressions.GetAsync(record.Id));
            await AssertUnavailable(() => _compressions.ListAsync(new CompressionQuery()));
            await AssertUnavailable(() => _compressions.DeleteAsync(record.Id));
            await AssertUnavailable(() => _compressions.PurgeTextOlderThanAsync(DateTimeOffset.UtcNow));
            await AssertUnavailable(() => _cache.TryGetAsync("k"));
            await AssertUnavailable(() => _cache.SetAsync("k", "outage", "{}"));
            await AssertUnavailable(() => _blobs.PutAsync("latent", "k", [3], "{}"));
            await AssertUnavailable(() => _blobs.GetAsync("latent", "k"));
            await AssertUnavailable(() => _blobs.DeleteAsync("latent", "k"));
            await AssertUnavailable(() => _migrator.MigrateAsync());

            var health = await _health.PingAsync();
            Assert.False(health.Ok);
            Assert.False(string.IsNullOrEmpty(health.Error));
        }
        finally
        {
            await _cluster.StartAsync();
        }

        // Same data source, no app restart: the pool recovers and the data is still there.
        Assert.Equal(record.Id, (await _compressions.GetAsync(record.Id))!.Id);
        Assert.Equal("""{"a": 1}""", (await _cache.TryGetAsync("k"))!.PayloadJson);
        Assert.Equal([1, 2], (await _blobs.GetAsync("latent", "k"))!.Data);
        Assert.True((await _health.PingAsync()).Ok);
    }

    [Fact]
    public async Task A_restart_while_idle_does_not_fail_the_next_call()
    {
        var record = TestRecords.New("restart", TestRecords.At(2026, 5, 2));
        await _compressions.SaveAsync(record);
        // Several pooled connections, all of which the restart kills while they sit idle.
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => _compressions.GetAsync(record.Id)));

        await _cluster.StopAsync();
        await _cluster.StartAsync();

        Assert.NotNull(await _compressions.GetAsync(record.Id));
        Assert.True((await _health.PingAsync()).Ok);
    }

    private static async Task AssertUnavailable(Func<Task> call)
    {
        // ThrowsAsync demands the exact type: a raw NpgsqlException fails the test.
        var error = await Assert.ThrowsAsync<StorageUnavailableException>(call);
        Assert.IsAssignableFrom<NpgsqlException>(error.InnerException);
        Assert.True(error.IsTransient);
    }
}
