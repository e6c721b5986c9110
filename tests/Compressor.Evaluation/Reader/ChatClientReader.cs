using Microsoft.Extensions.AI;

namespace Compressor.Evaluation.Reader;

/// <summary>A reader over any <see cref="IChatClient"/> (here the local llama.cpp model), greedy.</summary>
internal sealed class ChatClientReader(IChatClient client, string name) : IReader
{
    public string Name => name;

    public async Task<string> CompleteAsync(string prompt, int maxTokens, CancellationToken cancellationToken)
    {
        var options = new ChatOptions { MaxOutputTokens = maxTokens, Temperature = 0 };
        var response = await client.GetResponseAsync([new ChatMessage(ChatRole.User, prompt)], options, cancellationToken);
        return response.Text ?? "";
    }
}
