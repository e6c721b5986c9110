using Compressor.Compression.Methods;
using Compressor.Compression.Pipeline;

namespace Compressor.Compression.Tests.Fakes;

/// <summary>Shortcuts for running a compressor in tests.</summary>
public static class Run
{
    public static CompressionEnvironment Env(FakeChatClient? chat = null) => new() { Tokenizer = new WordTokenizer(), Summarizer = chat };

    public static Task<CompressionResult> Text(IPromptCompressor compressor, string text, double ratio, string? question = null, IReadOnlyList<string>? keep = null, FakeChatClient? chat = null, int seed = 0) =>
        compressor.CompressAsync(
            new CompressionRequest { Text = text, Method = compressor.Method, Target = new CompressionTarget(Ratio: ratio), Question = question, Keep = keep ?? [], Seed = seed },
            Env(chat),
            CancellationToken.None);

    public static ChunkedDetails Details(CompressionResult result) => Assert.IsType<ChunkedDetails>(result.Details);

    /// <summary>The budget, fill and count invariants every method must keep.</summary>
    public static void AssertBudget(CompressionResult result, double ratio, double minFill)
    {
        var budget = Math.Max(1, (int)Math.Floor(result.OriginalTokens * ratio));
        Assert.Equal(new WordTokenizer().Count(result.Text), result.CompressedTokens);
        Assert.True(result.CompressedTokens <= budget, $"{result.CompressedTokens} tokens over budget {budget}");
        Assert.True(result.BudgetMet);
        Assert.True(result.CompressedTokens >= minFill * budget, $"{result.CompressedTokens} tokens under {minFill:P0} of budget {budget}");
        Assert.Contains("total", result.TimingsMs.Keys);
    }
}
