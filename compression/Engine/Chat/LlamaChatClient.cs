using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Compressor.Engine.Generation;
using Microsoft.Extensions.AI;

namespace Compressor.Engine.Chat;

/// <summary>
/// Microsoft.Extensions.AI chat client over a local llama.cpp model. Concurrent calls are batched
/// into parallel sequences of one context (see <see cref="GenerationBatcher"/>), which is how the
/// summarize method's per-chunk rewrites run in parallel.
/// </summary>
public sealed class LlamaChatClient(TextGenerationService generator, string? modelId, TimeSpan? batchWindow = null) : IChatClient
{
    private readonly GenerationBatcher batcher = new(generator, batchWindow ?? TimeSpan.FromMilliseconds(5));

    public string? ModelId => modelId;

    /// <summary>The most concurrent calls batched into one generation so far.</summary>
    public int LargestBatch => batcher.LargestBatch;

    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var turns = ToTurns(messages);
        var outcome = await batcher.GenerateAsync(options?.ModelId ?? modelId, turns, ToRequest(options), cancellationToken).ConfigureAwait(false);
        return ToResponse(outcome);
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var turns = ToTurns(messages);
        var channel = Channel.CreateUnbounded<string>();
        var run = Task.Run(async () =>
        {
            try
            {
                return await generator.GenerateAsync(options?.ModelId ?? modelId, null, turns, ToRequest(options),
                    delta => channel.Writer.TryWrite(delta), cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                channel.Writer.TryComplete();
            }
        }, cancellationToken);

        await foreach (var delta in channel.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return new ChatResponseUpdate(ChatRole.Assistant, delta) { ModelId = options?.ModelId ?? modelId };
        }

        var outcome = await run.ConfigureAwait(false);
        yield return new ChatResponseUpdate
        {
            Role = ChatRole.Assistant,
            FinishReason = ToFinishReason(outcome.Result.FinishReason),
            ModelId = outcome.ModelId,
            Contents = [new UsageContent(Usage(outcome))],
        };
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is null && serviceType.IsInstanceOfType(this) ? this : null;

    public void Dispose()
    {
        // The generator and its models belong to the host.
    }

    private static List<(string Role, string Content)> ToTurns(IEnumerable<ChatMessage> messages)
    {
        ArgumentNullException.ThrowIfNull(messages);
        return [.. messages.Select(m => (m.Role.Value, m.Text))];
    }

    private static GenerationRequest ToRequest(ChatOptions? options) => new()
    {
        PromptTokens = [],
        MaxTokens = options?.MaxOutputTokens ?? 256,
        Sampling = new SamplingSettings(options?.Temperature ?? 0f, options?.TopP ?? 1f, (int)(options?.Seed ?? 0)),
        Stop = options?.StopSequences?.ToList() ?? [],
    };

    private static ChatResponse ToResponse(GenerationOutcome outcome) =>
        new(new ChatMessage(ChatRole.Assistant, outcome.Result.Text))
        {
            ModelId = outcome.ModelId,
            FinishReason = ToFinishReason(outcome.Result.FinishReason),
            Usage = Usage(outcome),
        };

    private static UsageDetails Usage(GenerationOutcome outcome) => new()
    {
        InputTokenCount = outcome.Result.PromptTokens,
        OutputTokenCount = outcome.Result.CompletionTokens,
        TotalTokenCount = outcome.Result.PromptTokens + outcome.Result.CompletionTokens,
    };

    private static ChatFinishReason ToFinishReason(string reason) =>
        reason == FinishReason.Length ? ChatFinishReason.Length : ChatFinishReason.Stop;
}
