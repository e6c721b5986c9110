using Compressor.Engine.Chat;
using Compressor.Engine.Embeddings;
using Microsoft.Extensions.AI;

namespace Compressor.Engine.Tests;

[Collection(EngineCollection.Name)]
public sealed class ChatAndEmbeddingTests(EngineFixture fixture)
{
    [Fact]
    public async Task Chat_client_answers_with_usage_and_finish_reason()
    {
        using var client = new LlamaChatClient(fixture.Generator, "tiny");
        var response = await client.GetResponseAsync([new ChatMessage(ChatRole.User, "Hello there")], new ChatOptions { MaxOutputTokens = 6 });
        Assert.NotNull(response.Usage);
        Assert.True(response.Usage!.InputTokenCount > 0);
        Assert.InRange(response.Usage.OutputTokenCount ?? 0, 1, 6);
        Assert.Equal("tiny", response.ModelId);
    }

    [Fact]
    public async Task Concurrent_chat_calls_are_batched_and_match_sequential_answers()
    {
        using var client = new LlamaChatClient(fixture.Generator, "tiny", TimeSpan.FromMilliseconds(50));
        var prompts = Enumerable.Range(0, 6).Select(i => $"Summarize item number {i} please").ToList();
        var options = new ChatOptions { MaxOutputTokens = 6, Temperature = 0 };
        var sequential = new List<string>();
        foreach (var p in prompts)
        {
            sequential.Add((await client.GetResponseAsync([new ChatMessage(ChatRole.User, p)], options)).Text);
        }

        var concurrent = await Task.WhenAll(prompts.Select(p => client.GetResponseAsync([new ChatMessage(ChatRole.User, p)], options)));
        Assert.Equal(sequential, concurrent.Select(r => r.Text));
        Assert.True(client.LargestBatch >= 4, $"largest batch was {client.LargestBatch}");
    }

    [Fact]
    public async Task Streaming_chat_yields_text_then_usage()
    {
        using var client = new LlamaChatClient(fixture.Generator, "tiny");
        var updates = new List<ChatResponseUpdate>();
        await foreach (var u in client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "Stream please")], new ChatOptions { MaxOutputTokens = 8 }))
        {
            updates.Add(u);
        }

        Assert.True(updates.Count >= 2);
        Assert.NotNull(updates[^1].FinishReason);
        Assert.Contains(updates[^1].Contents, c => c is UsageContent);
    }

    [Fact]
    public async Task Embeddings_are_normalised_deterministic_and_distinguish_texts()
    {
        using var generator = new LlamaEmbeddingGenerator(fixture.Registry, "tiny");
        var texts = new[] { "The cat sat on the mat.", "The cat sat on the mat.", "Quarterly revenue grew by 12 percent." };
        var result = await generator.GenerateAsync(texts);
        Assert.Equal(3, result.Count);
        var a = result[0].Vector.ToArray();
        var c = result[2].Vector.ToArray();
        Assert.Equal(64, a.Length);
        Assert.InRange(a.Sum(v => v * v), 0.99f, 1.01f);
        Assert.Equal(a, result[1].Vector.ToArray());
        Assert.NotEqual(a, c);
    }
}
