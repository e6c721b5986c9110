using Compressor.Client.AI;
using Compressor.Client.Contracts;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace Compressor.Client.Tests;

/// <summary>The middleware before a hand-written inner client: long conversations arrive compressed, within budget.</summary>
[Collection(ServiceGroup.Name)]
public sealed class CompressingChatClientTests(ServiceFixture service)
{
    private static List<ChatMessage> Conversation(string salt) =>
    [
        new(ChatRole.System, "You answer questions about the documents."),
        new(ChatRole.User, Texts.Article(40, salt)),
        new(ChatRole.Assistant, "I have read it. " + Texts.Article(20, salt)),
        new(ChatRole.User, "When was the Eiffel Tower completed?"),
    ];

    private async Task<int> CountAsync(IEnumerable<ChatMessage> messages) =>
        await service.Client.CountTokensAsync(string.Join('\n', messages.Select(m => m.Text)));

    [Fact]
    public async Task Inner_client_sees_compressed_messages_within_the_budget()
    {
        var inner = new FakeChatClient();
        var messages = Conversation(" (m1)");
        var original = await CountAsync(messages);
        var budget = original / 3;
        using var client = new CompressingChatClient(inner, service.Client, new CompressionOptions { ThresholdTokens = budget, Method = "extract" });

        var response = await client.GetResponseAsync(messages);

        var seen = Assert.Single(inner.Seen);
        Assert.Equal(messages.Count, seen.Count);
        Assert.Equal(messages.Select(m => m.Role), seen.Select(m => m.Role));
        Assert.Equal(messages[0].Text, seen[0].Text);   // system prompt kept
        Assert.Equal(messages[^1].Text, seen[^1].Text); // last user turn kept
        var after = await CountAsync(seen);
        Assert.True(after <= budget + seen.Count, $"{after} tokens for a budget of {budget} (was {original})");

        var stats = Assert.IsType<CompressResult>(response.AdditionalProperties![CompressingChatClient.StatsKey]);
        Assert.Equal("extract", stats.Method);
        Assert.True(stats.BudgetMet);
    }

    [Fact]
    public async Task Short_conversations_pass_through_untouched()
    {
        var inner = new FakeChatClient();
        IChatClient client = inner.UseCompression(service.Client, new CompressionOptions { ThresholdTokens = 10_000 });
        var messages = Conversation(" (m2)");

        var response = await client.GetResponseAsync(messages);

        Assert.Same(messages[1], inner.Seen[0][1]);
        Assert.Null(response.AdditionalProperties);
    }

    [Fact]
    public async Task Streaming_is_compressed_too_and_non_text_messages_are_kept()
    {
        var inner = new FakeChatClient();
        var messages = Conversation(" (m3)");
        var call = new ChatMessage(ChatRole.Assistant, [new FunctionCallContent("call-1", "lookup", new Dictionary<string, object?> { ["q"] = "tower" })]);
        messages.Insert(3, call);
        using var client = new CompressingChatClient(inner, service.Client, new CompressionOptions
        {
            ThresholdTokens = 50,
            Method = "truncate",
            Target = CompressionTarget.ToRatio(0.4),
        });

        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in client.GetStreamingResponseAsync(messages))
        {
            updates.Add(update);
        }

        Assert.NotEmpty(updates);
        Assert.IsType<CompressResult>(updates[0].AdditionalProperties![CompressingChatClient.StatsKey]);
        var seen = inner.Seen.Single();
        Assert.Same(call, seen[3]);
        Assert.True(seen[1].Text.Length < messages[1].Text.Length);
    }

    [Fact]
    public async Task Middleware_factory_resolves_the_client_from_services()
    {
        using var services = new ServiceCollection()
            .AddCompressorClient(service.BaseAddress)
            .BuildServiceProvider();
        var inner = new FakeChatClient();
        using var client = CompressingChatClient.Middleware(new CompressionOptions { ThresholdTokens = 10_000 })(inner, services);
        await client.GetResponseAsync([new ChatMessage(ChatRole.User, "hi")]);
        Assert.Single(inner.Seen);
        Assert.Same(client, client.GetService(typeof(CompressingChatClient)));
    }
}
