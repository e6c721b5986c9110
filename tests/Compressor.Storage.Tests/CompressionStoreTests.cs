using System.Text.Json;

namespace Compressor.Storage.Tests;

public sealed class CompressionStoreTests(StorageDatabaseFixture db) : IClassFixture<StorageDatabaseFixture>
{
    [Fact]
    public async Task Saved_record_reads_back_field_for_field()
    {
        var record = TestRecords.New(TestRecords.UniqueMethod(), new DateTimeOffset(2026, 3, 4, 5, 6, 7, 891, TimeSpan.FromHours(2)))
            with { Cached = true, BudgetMet = false, Ratio = 3.25, OriginalTokens = 13, CompressedTokens = 4 };

        await db.Compressions.SaveAsync(record);
        var read = await db.Compressions.GetAsync(record.Id);

        Assert.NotNull(read);
        // Stored as an instant, returned in UTC.
        Assert.Equal(record.CreatedAt, read.CreatedAt);
        Assert.Equal(TimeSpan.Zero, read.CreatedAt.Offset);
        // jsonb normalizes formatting, so JSON compares by meaning.
        AssertSameJson(record.OptionsJson, read.OptionsJson);
        AssertSameJson(record.TimingsJson, read.TimingsJson);
        AssertSameJson(record.DetailsJson!, read.DetailsJson!);
        Assert.Equal(
            record with { CreatedAt = read.CreatedAt, OptionsJson = "", TimingsJson = "", DetailsJson = "" },
            read with { OptionsJson = "", TimingsJson = "", DetailsJson = "" });
    }

    [Fact]
    public async Task Nullable_fields_stay_null()
    {
        var record = TestRecords.New(TestRecords.UniqueMethod(), TestRecords.At(2026, 1, 1), input: null, output: null, model: null)
            with { ModelFingerprint = null, Tokenizer = null, Question = null, DetailsJson = null };

        await db.Compressions.SaveAsync(record);
        var read = await db.Compressions.GetAsync(record.Id);

        Assert.NotNull(read);
        Assert.Null(read.Model);
        Assert.Null(read.ModelFingerprint);
        Assert.Null(read.Tokenizer);
        Assert.Null(read.Question);
        Assert.Null(read.InputText);
        Assert.Null(read.OutputText);
        Assert.Null(read.DetailsJson);
    }

    [Fact]
    public async Task Unknown_id_reads_as_null()
    {
        Assert.Null(await db.Compressions.GetAsync(Guid.NewGuid()));
    }

    [Fact]
    public async Task Saving_the_same_id_again_replaces_the_record()
    {
        var record = TestRecords.New(TestRecords.UniqueMethod(), TestRecords.At(2026, 1, 2));
        await db.Compressions.SaveAsync(record);

        await db.Compressions.SaveAsync(record with { OutputText = "second", CompressedTokens = 7 });

        var read = await db.Compressions.GetAsync(record.Id);
        Assert.Equal("second", read!.OutputText);
        Assert.Equal(7, read.CompressedTokens);
        Assert.Equal(1L, await db.ScalarAsync<long>($"SELECT count(*) FROM compressions WHERE id = '{record.Id}'"));
    }

    [Fact]
    public async Task Delete_removes_the_record_once()
    {
        var record = TestRecords.New(TestRecords.UniqueMethod(), TestRecords.At(2026, 1, 3));
        await db.Compressions.SaveAsync(record);

        Assert.True(await db.Compressions.DeleteAsync(record.Id));
        Assert.Null(await db.Compressions.GetAsync(record.Id));
        Assert.False(await db.Compressions.DeleteAsync(record.Id));
    }

    [Fact]
    public async Task Invalid_json_is_rejected_by_the_database_not_swallowed()
    {
        var record = TestRecords.New(TestRecords.UniqueMethod(), TestRecords.At(2026, 1, 4)) with { OptionsJson = "{not json" };

        var error = await Assert.ThrowsAsync<Npgsql.PostgresException>(() => db.Compressions.SaveAsync(record));
        Assert.Equal("22P02", error.SqlState);
    }

    private static void AssertSameJson(string expected, string actual)
    {
        using var e = JsonDocument.Parse(expected);
        using var a = JsonDocument.Parse(actual);
        Assert.True(JsonElement.DeepEquals(e.RootElement, a.RootElement), $"{expected} != {actual}");
    }
}
