using Compressor.Compression.Errors;
using Compressor.Compression.Methods.Extract;
using Compressor.Compression.Methods.Summarize;
using Compressor.Compression.Pipeline;
using Compressor.Compression.Tests.Fakes;

namespace Compressor.Compression.Tests;

public class RequestErrorTests
{
    private static async Task<CompressorException> Fails(CompressionRequest request, CompressionEnvironment? env = null) =>
        await Assert.ThrowsAsync<CompressorException>(() => new ExtractCompressor().CompressAsync(request, env ?? Run.Env(), CancellationToken.None));

    private static CompressionRequest Request(string? text) => new() { Text = text, Method = "extract", Target = new CompressionTarget(Ratio: 0.5) };

    [Fact]
    public async Task Question_without_text_is_a_bad_request()
    {
        var e = await Fails(Request(null) with { Question = "why?" });
        Assert.Equal(("question_without_text", "text", ErrorKind.BadRequest), (e.Code, e.Target, e.Kind));
    }

    [Fact]
    public async Task Empty_text_is_a_bad_request()
    {
        var e = await Fails(Request("   \n"));
        Assert.Equal(("text_empty", "text"), (e.Code, e.Target));
    }

    [Fact]
    public async Task Bad_target_keep_and_options_name_their_field()
    {
        Assert.Equal("target.ratio", (await Fails(Request("A b.") with { Target = new CompressionTarget(Ratio: 1.5) })).Target);
        Assert.Equal("keep[1]", (await Fails(Request("A b.") with { Keep = ["a", " "] })).Target);
        Assert.Equal("options", (await Fails(Request("A b.") with { Options = new SummarizeOptions() })).Target);
        Assert.Equal("messages", (await Fails(Request(null) with { Messages = [] })).Target);
    }

    [Fact]
    public async Task Summarize_without_a_model_is_unavailable()
    {
        var request = Request(TextGenerator.Prose(1, 30)) with { Method = "summarize" };
        var e = await Assert.ThrowsAsync<CompressorException>(() => new SummarizeCompressor().CompressAsync(request, Run.Env(), CancellationToken.None));
        Assert.Equal(("model_unavailable", ErrorKind.Unavailable), (e.Code, e.Kind));
        Assert.True(e.IsTransient);
    }
}
