namespace Compressor.Storage.Tests;

/// <summary>Builds records that differ only where a test says so.</summary>
internal static class TestRecords
{
    /// <summary>A whole-millisecond UTC time, so it survives PostgreSQL's microsecond precision unchanged.</summary>
    public static DateTimeOffset At(int year, int month, int day, int second = 0) =>
        new(year, month, day, 12, 0, second, TimeSpan.Zero);

    public static CompressionRecord New(
        string method,
        DateTimeOffset createdAt,
        string? input = "the input text",
        string? output = "the output",
        string? model = "tiny-model",
        string timings = """{"total": 12.5, "summarize": 10}""") => new()
    {
        Id = Guid.NewGuid(),
        CreatedAt = createdAt,
        Method = method,
        Model = model,
        ModelFingerprint = "sha256:abc",
        Tokenizer = "tiny-bpe",
        Question = "what matters?",
        OptionsJson = """{"budget": 100}""",
        InputText = input,
        OutputText = output,
        OriginalTokens = 400,
        CompressedTokens = 100,
        Ratio = 4.0,
        BudgetMet = true,
        Cached = false,
        TimingsJson = timings,
        DetailsJson = """{"chunks": 3}""",
    };

    /// <summary>A method name no other test uses, so list assertions see only this test's rows.</summary>
    public static string UniqueMethod() => $"m-{Guid.NewGuid():N}";
}
