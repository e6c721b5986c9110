namespace Compressor.Storage.Tests;

public sealed class RetentionTests(StorageDatabaseFixture db) : IClassFixture<StorageDatabaseFixture>
{
    [Fact]
    public async Task Purge_drops_old_texts_and_keeps_the_numbers()
    {
        var method = TestRecords.UniqueMethod();
        var old = TestRecords.New(method, TestRecords.At(2020, 1, 1));
        var alsoOld = TestRecords.New(method, TestRecords.At(2020, 1, 2), input: null, output: "only output");
        var recent = TestRecords.New(method, TestRecords.At(2020, 3, 1));
        foreach (var r in new[] { old, alsoOld, recent })
        {
            await db.Compressions.SaveAsync(r);
        }

        var purged = await db.Compressions.PurgeTextOlderThanAsync(TestRecords.At(2020, 2, 1));
        var again = await db.Compressions.PurgeTextOlderThanAsync(TestRecords.At(2020, 2, 1));

        Assert.Equal(2, purged);
        Assert.Equal(0, again);
        var read = await db.Compressions.GetAsync(old.Id);
        Assert.NotNull(read);
        Assert.Null(read.InputText);
        Assert.Null(read.OutputText);
        Assert.Null(read.Question);
        Assert.Equal(old.OriginalTokens, read.OriginalTokens);
        Assert.Equal(old.Ratio, read.Ratio);
        Assert.Equal("the input text", (await db.Compressions.GetAsync(recent.Id))!.InputText);

        var summaries = (await db.Compressions.ListAsync(new CompressionQuery(Method: method))).Items;
        Assert.Null(summaries.Single(s => s.Id == old.Id).InputPreview);
        Assert.Equal(12.5, summaries.Single(s => s.Id == old.Id).TotalMs);
    }
}
