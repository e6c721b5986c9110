namespace Compressor.Storage.Tests;

public sealed class BlobStoreTests(StorageDatabaseFixture db) : IClassFixture<StorageDatabaseFixture>
{
    [Fact]
    public async Task Put_then_get_returns_the_bytes_and_meta()
    {
        var key = Guid.NewGuid().ToString("N");
        var data = new byte[3 * 1024 * 1024 + 7];
        new Random(42).NextBytes(data);

        await db.Blobs.PutAsync("kv-state", key, data, """{"tokens": 512, "layers": 2}""");
        var read = await db.Blobs.GetAsync("kv-state", key);

        Assert.NotNull(read);
        Assert.Equal("kv-state", read.Kind);
        Assert.Equal(key, read.Key);
        Assert.Equal(data, read.Data);
        Assert.Contains("\"tokens\": 512", read.MetaJson, StringComparison.Ordinal);
        Assert.True(read.CreatedAt > DateTimeOffset.UtcNow.AddMinutes(-5));
    }

    [Fact]
    public async Task Empty_blob_round_trips()
    {
        var key = Guid.NewGuid().ToString("N");
        await db.Blobs.PutAsync("latent", key, [], "{}");

        Assert.Empty((await db.Blobs.GetAsync("latent", key))!.Data);
    }

    [Fact]
    public async Task Put_overwrites_and_kinds_are_separate_namespaces()
    {
        var key = Guid.NewGuid().ToString("N");
        await db.Blobs.PutAsync("latent", key, [1, 2, 3], """{"v": 1}""");
        await db.Blobs.PutAsync("kv-state", key, [9], """{"v": 9}""");

        await db.Blobs.PutAsync("latent", key, [4, 5], """{"v": 2}""");

        var latent = await db.Blobs.GetAsync("latent", key);
        Assert.Equal([4, 5], latent!.Data);
        Assert.Equal("""{"v": 2}""", latent.MetaJson);
        Assert.Equal([9], (await db.Blobs.GetAsync("kv-state", key))!.Data);
    }

    [Fact]
    public async Task Delete_removes_only_that_blob()
    {
        var key = Guid.NewGuid().ToString("N");
        await db.Blobs.PutAsync("latent", key, [1], "{}");
        await db.Blobs.PutAsync("kv-state", key, [2], "{}");

        Assert.True(await db.Blobs.DeleteAsync("latent", key));
        Assert.False(await db.Blobs.DeleteAsync("latent", key));
        Assert.Null(await db.Blobs.GetAsync("latent", key));
        Assert.NotNull(await db.Blobs.GetAsync("kv-state", key));
    }

    [Fact]
    public async Task Missing_blob_is_null()
    {
        Assert.Null(await db.Blobs.GetAsync("latent", Guid.NewGuid().ToString("N")));
    }
}
