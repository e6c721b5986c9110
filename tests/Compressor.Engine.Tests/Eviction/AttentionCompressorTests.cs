using System.Text;
using Compressor.Compression.Errors;
using Compressor.Compression.Pipeline;
using Compressor.Engine.Eviction;
using Compressor.Engine.Models;
using Compressor.Engine.Options;
using Compressor.Engine.Tokenization;

namespace Compressor.Engine.Tests.Eviction;

[Collection(EngineCollection.Name)]
public sealed class AttentionCompressorTests : IDisposable
{
    private readonly ModelRegistry registry;
    private readonly AttentionCompressor compressor;
    private readonly CompressionEnvironment environment;

    public AttentionCompressorTests(EngineFixture fixture)
    {
        registry = fixture.CreateRegistry(new EngineOptions { ContextSize = 1024, ContextsPerModel = 2, SequencesPerContext = 1, Threads = 2, QueueTimeout = TimeSpan.FromSeconds(5) });
        compressor = new AttentionCompressor(registry, new EvictionOptions { ChunkTokens = 64, Window = 8 });
        environment = new CompressionEnvironment { Tokenizer = new LlamaTokenizer(registry.GetVocabulary("tiny"), "tiny") };
    }

    public void Dispose() => registry.Dispose();

    private static string Text(int sentences)
    {
        var text = new StringBuilder();
        for (var i = 0; i < sentences; i++)
        {
            text.Append("Sentence ").Append(i).Append(" tells of the river, the mill and the ").Append(i % 7 == 0 ? "red" : "blue").Append(" boat. ");
        }

        return text.ToString();
    }

    private static CompressionRequest Request(string text, string policy, int? tokens = null, double? ratio = null) => new()
    {
        Text = text,
        Question = "Which boat was red?",
        Method = "attention",
        Target = new CompressionTarget(ratio, tokens),
        Options = new AttentionOptions(policy),
        Seed = 3,
    };

    [Theory]
    [InlineData("snapkv")]
    [InlineData("streaming")]
    [InlineData("h2o")]
    [InlineData("frequency")]
    [InlineData("random")]
    public async Task Output_fits_the_budget_and_details_cover_every_token(string policy)
    {
        var text = Text(30);
        var result = await compressor.CompressAsync(Request(text, policy, ratio: 0.3), environment, CancellationToken.None);

        var budget = (int)Math.Floor(result.OriginalTokens * 0.3);
        Assert.True(result.BudgetMet);
        Assert.InRange(result.CompressedTokens, budget * 2 / 3, budget);
        Assert.Equal(environment.Tokenizer.Count(result.Text), result.CompressedTokens);
        var details = Assert.IsType<AttentionDetails>(result.Details);
        Assert.Equal((policy, budget), (details.Policy, details.BudgetTokens));
        Assert.Equal(environment.Tokenizer.Count(text), details.Tokens.Count);
        // Spans tile the text in order; the output is the kept spans joined, in original order.
        Assert.Equal(0, details.Tokens[0].Start);
        Assert.Equal(text.TrimEnd().Length, details.Tokens[^1].End, (a, b) => Math.Abs(a - b) <= 1);
        Assert.All(details.Tokens.Zip(details.Tokens.Skip(1)), p => Assert.Equal(p.First.End, p.Second.Start));
        Assert.Equal(details.KeptCount, details.Tokens.Count(t => t.Kept));
        Assert.Equal(string.Concat(details.Tokens.Where(t => t.Kept).Select(t => text[t.Start..t.End])), result.Text);
        Assert.Contains("read", result.TimingsMs.Keys);

        var again = await compressor.CompressAsync(Request(text, policy, ratio: 0.3), environment, CancellationToken.None);
        Assert.Equal(result.Text, again.Text);
    }

    [Fact]
    public async Task Snapkv_keeps_what_the_question_points_at_more_than_streaming_does()
    {
        var text = Text(30);
        var snap = (AttentionDetails)(await compressor.CompressAsync(Request(text, "snapkv", tokens: 120), environment, CancellationToken.None)).Details!;
        Assert.Contains(snap.Tokens, t => t.Score > 0);
        var streaming = (AttentionDetails)(await compressor.CompressAsync(Request(text, "streaming", tokens: 120), environment, CancellationToken.None)).Details!;
        // Streaming keeps the sinks and the end: its kept tokens are one head and one contiguous tail.
        var kept = streaming.Tokens.Select((t, i) => (t, i)).Where(p => p.t.Kept).Select(p => p.i).ToArray();
        Assert.True(kept.Zip(kept.Skip(1)).Count(p => p.Second != p.First + 1) <= 1);
    }

    [Fact]
    public async Task Text_within_budget_is_returned_unchanged()
    {
        var result = await compressor.CompressAsync(Request("A short note.", "snapkv", tokens: 100), environment, CancellationToken.None);
        Assert.Equal(("A short note.", true), (result.Text, result.BudgetMet));
        Assert.Null(result.Details);
    }

    [Fact]
    public async Task Messages_unknown_policies_and_bad_settings_are_clear_errors()
    {
        var messages = await Assert.ThrowsAsync<CompressorException>(() => compressor.CompressAsync(
            Request(Text(5), "snapkv", tokens: 10) with { Text = null, Messages = [new ChatTurn("user", "hi")] }, environment, CancellationToken.None));
        Assert.Equal((ErrorKind.BadRequest, "messages_unsupported", "messages"), (messages.Kind, messages.Code, messages.Target));

        var policy = await Assert.ThrowsAsync<CompressorException>(() => compressor.CompressAsync(Request(Text(5), "lru", tokens: 10), environment, CancellationToken.None));
        Assert.Equal(("eviction_policy_unknown", "options.policy"), (policy.Code, policy.Target));

        var window = await Assert.ThrowsAsync<CompressorException>(() => compressor.CompressAsync(
            Request(Text(30), "h2o", tokens: 50) with { Options = new AttentionOptions("h2o", Window: 100, ChunkTokens: 64) }, environment, CancellationToken.None));
        Assert.Equal(("eviction_invalid", "options.window"), (window.Code, window.Target));

        var chunk = await Assert.ThrowsAsync<CompressorException>(() => compressor.CompressAsync(
            Request(Text(30), "h2o", tokens: 50) with { Options = new AttentionOptions("h2o", ChunkTokens: 1020) }, environment, CancellationToken.None));
        Assert.Equal((ErrorKind.TooLarge, "options.chunk_tokens"), (chunk.Kind, chunk.Target));
    }
}
