using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace Compressor.Client.Tests;

/// <summary>A hand-written inner chat client: records what it was given and answers through a callback.</summary>
internal sealed class FakeChatClient : IChatClient
{
    public List<IReadOnlyList<ChatMessage>> Seen { get; } = [];

    public Func<IReadOnlyList<ChatMessage>, string> Answer { get; init; } = m => $"saw {m.Count} messages";

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var list = messages.ToList();
        Seen.Add(list);
        return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, Answer(list))));
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var list = messages.ToList();
        Seen.Add(list);
        await Task.Yield();
        foreach (var word in Answer(list).Split(' '))
        {
            yield return new ChatResponseUpdate(ChatRole.Assistant, word + " ");
        }
    }

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }
}
