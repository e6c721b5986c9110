namespace Compressor.Storage.Tests;

public sealed class ResultCacheTests(StorageDatabaseFixture db) : IClassFixture<StorageDatabaseFixture>
{
    [Fact]
    public async Task Miss_is_null()
    {
        Assert.Null(await db.Cache.TryGetAsync($"v1:{Guid.NewGuid():N}"));
    }

    [Fact]
    public async Task Hit_returns_the_payload_verbatim_and_counts_hits()
    {
        var key = $"v1:{Guid.NewGuid():N}";
        // Odd spacing and key order must survive: the cache hands back exactly what it was given.
        const string payload = """{ "z": 1,  "a": [1.50, "x"] }""";
        await db.Cache.SetAsync(key, "chunk-summarize", payload);

        var first = await db.Cache.TryGetAsync(key);
        var second = await db.Cache.TryGetAsync(key);

        Assert.NotNull(first);
        Assert.Equal(key, first.Key);
        Assert.Equal("chunk-summarize", first.Method);
        Assert.Equal(payload, first.PayloadJson);
        Assert.Equal(1, first.Hits);
        Assert.Equal(2, second!.Hits);
        Assert.Equal(first.CreatedAt, second.CreatedAt);
        Assert.NotNull(await db.ScalarAsync<DateTime?>($"SELECT last_hit_at FROM result_cache WHERE key = '{key}'"));
    }

    [Fact]
    public async Task Set_on_an_existing_key_replaces_the_entry_and_restarts_hits()
    {
        var key = $"v1:{Guid.NewGuid():N}";
        await db.Cache.SetAsync(key, "a", """{"v": 1}""");
        await db.Cache.TryGetAsync(key);
        await db.Cache.TryGetAsync(key);

        await db.Cache.SetAsync(key, "b", """{"v": 2}""");
        var read = await db.Cache.TryGetAsync(key);

        Assert.Equal("b", read!.Method);
        Assert.Equal("""{"v": 2}""", read.PayloadJson);
        Assert.Equal(1, read.Hits);
    }

    [Fact]
    public async Task Concurrent_hits_are_all_counted()
    {
        var key = $"v1:{Guid.NewGuid():N}";
        await db.Cache.SetAsync(key, "a", "{}");

        await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => db.Cache.TryGetAsync(key)));

        Assert.Equal(21, (await db.Cache.TryGetAsync(key))!.Hits);
    }
}
