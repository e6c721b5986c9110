using Compressor.Compression.Errors;
using Compressor.Compression.Methods.Truncate;
using Compressor.Compression.Tests.Fakes;

namespace Compressor.Compression.Tests;

public class TruncateTests
{
    [Theory]
    [InlineData(1, 0.5)]
    [InlineData(2, 0.25)]
    [InlineData(3, 0.125)]
    public async Task Keeps_head_and_tail_within_budget(int seed, double ratio)
    {
        var text = TextGenerator.Prose(seed, 80);
        var result = await Run.Text(new TruncateCompressor(), text, ratio);
        Run.AssertBudget(result, ratio, 0.85);
        var details = Assert.IsType<TruncateDetails>(result.Details);
        Assert.Equal(2, details.Kept.Count);
        Assert.Equal(0, details.Kept[0].Start);
        Assert.StartsWith(text[details.Kept[0].Start..details.Kept[0].End], result.Text);
        Assert.EndsWith(text[details.Kept[1].Start..details.Kept[1].End], result.Text);
        Assert.Contains("…", result.Text);
    }

    [Fact]
    public async Task Text_within_budget_comes_back_unchanged()
    {
        var result = await Run.Text(new TruncateCompressor(), "Short text. Two sentences.", 1.0);
        Assert.Equal("Short text. Two sentences.", result.Text);
    }

    [Fact]
    public async Task Budget_below_one_sentence_is_unprocessable()
    {
        var error = await Assert.ThrowsAsync<CompressorException>(() => Run.Text(new TruncateCompressor(), TextGenerator.Prose(1, 20), 0.005));
        Assert.Equal(ErrorKind.Unprocessable, error.Kind);
        Assert.Equal("target", error.Target);
    }
}
