namespace Compressor.Storage.Tests;

/// <summary>Each test lists under a method name of its own, so rows of other tests never show up.</summary>
public sealed class CompressionListTests(StorageDatabaseFixture db) : IClassFixture<StorageDatabaseFixture>
{
    [Fact]
    public async Task Lists_newest_first_in_pages_with_the_total()
    {
        var method = TestRecords.UniqueMethod();
        var records = Enumerable.Range(0, 5)
            .Select(i => TestRecords.New(method, TestRecords.At(2026, 2, 1, second: i)))
            .ToList();
        // Saved out of order, so the order must come from created_at.
        foreach (var r in records.OrderBy(r => r.Id))
        {
            await db.Compressions.SaveAsync(r);
        }

        var first = await db.Compressions.ListAsync(new CompressionQuery(Limit: 2, Method: method));
        var second = await db.Compressions.ListAsync(new CompressionQuery(Limit: 2, Offset: 2, Method: method));
        var beyond = await db.Compressions.ListAsync(new CompressionQuery(Limit: 2, Offset: 10, Method: method));

        Assert.Equal(5, first.Total);
        Assert.Equal([records[4].Id, records[3].Id], first.Items.Select(s => s.Id));
        Assert.Equal([records[2].Id, records[1].Id], second.Items.Select(s => s.Id));
        Assert.Empty(beyond.Items);
        Assert.Equal(5, beyond.Total);
    }

    [Fact]
    public async Task Summary_carries_numbers_total_ms_and_a_200_character_preview()
    {
        var method = TestRecords.UniqueMethod();
        var longInput = string.Concat(Enumerable.Repeat("0123456789", 30));
        var record = TestRecords.New(method, TestRecords.At(2026, 2, 2), input: longInput);
        await db.Compressions.SaveAsync(record);

        var summary = Assert.Single((await db.Compressions.ListAsync(new CompressionQuery(Method: method))).Items);

        Assert.Equal(new CompressionSummary(
            record.Id, record.CreatedAt, method, record.Model, record.OriginalTokens, record.CompressedTokens,
            record.Ratio, record.BudgetMet, record.Cached, 12.5, longInput[..200]), summary);
    }

    [Theory]
    [InlineData("""{"summarize": 3}""")]
    [InlineData("""{"total": "fast"}""")]
    public async Task Total_ms_is_null_without_a_numeric_total(string timings)
    {
        var method = TestRecords.UniqueMethod();
        await db.Compressions.SaveAsync(TestRecords.New(method, TestRecords.At(2026, 2, 3), timings: timings));

        var summary = Assert.Single((await db.Compressions.ListAsync(new CompressionQuery(Method: method))).Items);

        Assert.Null(summary.TotalMs);
    }

    [Fact]
    public async Task Filters_by_method_and_model()
    {
        var method = TestRecords.UniqueMethod();
        var other = TestRecords.UniqueMethod();
        var a = TestRecords.New(method, TestRecords.At(2026, 2, 4), model: "alpha");
        var b = TestRecords.New(method, TestRecords.At(2026, 2, 5), model: "beta");
        var c = TestRecords.New(other, TestRecords.At(2026, 2, 6), model: "alpha");
        foreach (var r in new[] { a, b, c })
        {
            await db.Compressions.SaveAsync(r);
        }

        var byMethodAndModel = await db.Compressions.ListAsync(new CompressionQuery(Method: method, Model: "alpha"));
        var byMethod = await db.Compressions.ListAsync(new CompressionQuery(Method: method));

        Assert.Equal([a.Id], byMethodAndModel.Items.Select(s => s.Id));
        Assert.Equal(1, byMethodAndModel.Total);
        Assert.Equal([b.Id, a.Id], byMethod.Items.Select(s => s.Id));
    }

    [Fact]
    public async Task Search_is_a_case_insensitive_substring_of_input_or_output()
    {
        var method = TestRecords.UniqueMethod();
        var inInput = TestRecords.New(method, TestRecords.At(2026, 2, 7), input: "The Quick brown fox", output: "x");
        var inOutput = TestRecords.New(method, TestRecords.At(2026, 2, 8), input: "y", output: "quick-ly");
        var neither = TestRecords.New(method, TestRecords.At(2026, 2, 9), input: "slow", output: "slower");
        foreach (var r in new[] { inInput, inOutput, neither })
        {
            await db.Compressions.SaveAsync(r);
        }

        var page = await db.Compressions.ListAsync(new CompressionQuery(Method: method, Search: "QUICK"));

        Assert.Equal([inOutput.Id, inInput.Id], page.Items.Select(s => s.Id));
        Assert.Equal(2, page.Total);
    }

    [Theory]
    [InlineData("50%", "save 50% today", "save 500 today")]
    [InlineData("a_c", "x a_c y", "x abc y")]
    [InlineData(@"c:\temp", @"at c:\temp now", @"at c:temp now")]
    public async Task Search_treats_like_wildcards_and_backslash_literally(string search, string matching, string lookalike)
    {
        var method = TestRecords.UniqueMethod();
        var hit = TestRecords.New(method, TestRecords.At(2026, 2, 10), input: matching, output: "-");
        var miss = TestRecords.New(method, TestRecords.At(2026, 2, 11), input: lookalike, output: "-");
        await db.Compressions.SaveAsync(hit);
        await db.Compressions.SaveAsync(miss);

        var page = await db.Compressions.ListAsync(new CompressionQuery(Method: method, Search: search));

        Assert.Equal([hit.Id], page.Items.Select(s => s.Id));
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(201, 0)]
    [InlineData(20, -1)]
    public async Task Out_of_range_paging_is_rejected(int limit, int offset)
    {
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(
            () => db.Compressions.ListAsync(new CompressionQuery(Limit: limit, Offset: offset)));
    }
}
