using Microsoft.Extensions.AI;

namespace Compressor.Compression.Tests.Fakes;

/// <summary>A chat client whose answers come from <see cref="Respond"/>; records every call.</summary>
public sealed class FakeChatClient : IChatClient
{
    public Func<IReadOnlyList<ChatMessage>, ChatOptions?, CancellationToken, Task<string>> Respond { get; set; } =
        (_, _, _) => Task.FromResult("");

    public List<(IReadOnlyList<ChatMessage> Messages, ChatOptions? Options)> Calls { get; } = [];

    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var list = messages.ToList();
        lock (Calls)
        {
            Calls.Add((list, options));
        }

        var text = await Respond(list, options, cancellationToken);
        return new ChatResponse(new ChatMessage(ChatRole.Assistant, text));
    }

    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException();

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }

    /// <summary>The chunk text of a rewrite prompt (after "Text:\n").</summary>
    public static string ChunkOf(IReadOnlyList<ChatMessage> messages)
    {
        var user = messages[^1].Text;
        var at = user.IndexOf("Text:\n", StringComparison.Ordinal);
        return at < 0 ? user : user[(at + 6)..];
    }

    /// <summary>The target in tokens the prompt asks for.</summary>
    public static int TargetOf(IReadOnlyList<ChatMessage> messages)
    {
        var user = messages[^1].Text;
        var at = user.IndexOf("(about ", StringComparison.Ordinal) + 7;
        return int.Parse(user[at..user.IndexOf(' ', at)], System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>A plausible rewrite: the chunk's first words up to the target, ending with a period.</summary>
    public static string Shorten(IReadOnlyList<ChatMessage> messages)
    {
        var words = ChunkOf(messages).Split([' ', '\n'], StringSplitOptions.RemoveEmptyEntries);
        var take = Math.Max(1, (int)(TargetOf(messages) * 0.7));
        return string.Join(" ", words.Take(take)).TrimEnd('.', ',') + ".";
    }
}
