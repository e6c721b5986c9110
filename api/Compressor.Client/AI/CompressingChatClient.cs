using System.Runtime.CompilerServices;
using Compressor.Client.Contracts;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using AIChatMessage = Microsoft.Extensions.AI.ChatMessage;
using WireMessage = Compressor.Client.Contracts.ChatTurn;

namespace Compressor.Client.AI;

/// <summary>
/// Middleware for any <see cref="IChatClient"/>: conversations longer than
/// <see cref="CompressionOptions.ThresholdTokens"/> are compressed by the Compressor service before
/// the inner client sees them. Only plain-text messages are rewritten; messages carrying other
/// content (function calls and results, images) pass through as they are. The compression's stats
/// ride along in <see cref="ChatResponse.AdditionalProperties"/> under <see cref="StatsKey"/>.
/// </summary>
public sealed class CompressingChatClient : DelegatingChatClient
{
    public const string StatsKey = "compressor.compression";

    private readonly CompressorClient compressor;
    private readonly CompressionOptions options;

    public CompressingChatClient(IChatClient innerClient, CompressorClient compressor, CompressionOptions? options = null)
        : base(innerClient)
    {
        ArgumentNullException.ThrowIfNull(compressor);
        this.compressor = compressor;
        this.options = options ?? new CompressionOptions();
        if (this.options.ThresholdTokens < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "ThresholdTokens must be positive");
        }
    }

    /// <summary>
    /// For <c>ChatClientBuilder.Use(...)</c> (Microsoft.Extensions.AI): resolves <see cref="CompressorClient"/>
    /// from the builder's services. <c>builder.Use(CompressingChatClient.Middleware(options))</c>.
    /// </summary>
    public static Func<IChatClient, IServiceProvider, IChatClient> Middleware(CompressionOptions? options = null) =>
        (inner, services) => new CompressingChatClient(inner, services.GetRequiredService<CompressorClient>(), options);

    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<AIChatMessage> messages, ChatOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        var (compressed, stats) = await CompressMessagesAsync(messages, cancellationToken).ConfigureAwait(false);
        var response = await base.GetResponseAsync(compressed, options, cancellationToken).ConfigureAwait(false);
        if (stats is not null)
        {
            (response.AdditionalProperties ??= [])[StatsKey] = stats;
        }

        return response;
    }

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<AIChatMessage> messages, ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var (compressed, stats) = await CompressMessagesAsync(messages, cancellationToken).ConfigureAwait(false);
        var first = true;
        await foreach (var update in base.GetStreamingResponseAsync(compressed, options, cancellationToken).ConfigureAwait(false))
        {
            if (first && stats is not null)
            {
                (update.AdditionalProperties ??= [])[StatsKey] = stats;
            }

            first = false;
            yield return update;
        }
    }

    /// <summary>The messages the inner client would see, and the compression's result (null when under the threshold).</summary>
    public async Task<(IReadOnlyList<AIChatMessage> Messages, CompressResult? Stats)> CompressMessagesAsync(IEnumerable<AIChatMessage> messages,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var list = messages as IReadOnlyList<AIChatMessage> ?? [.. messages];
        var texts = list.Select(m => IsPlainText(m) ? m.Text : "").ToList();
        var total = await compressor.TokenizeAsync(new TokenizeRequest(string.Join('\n', texts), options.Model, options.Tokenizer), cancellationToken)
            .ConfigureAwait(false);
        if (total.Count <= options.ThresholdTokens)
        {
            return (list, null);
        }

        var question = options.Question
            ?? (options.UseLastUserTurnAsQuestion ? list.LastOrDefault(m => m.Role == ChatRole.User && IsPlainText(m))?.Text : null);
        var result = await compressor.CompressAsync(new CompressRequest
        {
            Messages = [.. list.Select((m, i) => new WireMessage(m.Role.Value, texts[i]))],
            Method = options.Method,
            Target = options.Target ?? CompressionTarget.ToTokens(options.ThresholdTokens),
            Question = string.IsNullOrWhiteSpace(question) ? null : question,
            Keep = options.Keep,
            Model = options.Model,
            Tokenizer = options.Tokenizer,
            ProtectSystemAndLastUser = options.KeepSystemAndLastUser,
        }, cancellationToken).ConfigureAwait(false);

        if (result.Messages is not { } rewritten || rewritten.Count != list.Count)
        {
            throw new CompressorApiException(System.Net.HttpStatusCode.OK, "unexpected_response", null,
                $"compress returned {result.Messages?.Count ?? 0} messages for {list.Count}", "messages", null);
        }

        var output = new List<AIChatMessage>(list.Count);
        for (var i = 0; i < list.Count; i++)
        {
            output.Add(IsPlainText(list[i]) && rewritten[i].Content != texts[i] ? Rewrite(list[i], rewritten[i].Content) : list[i]);
        }

        return (output, result);
    }

    private static bool IsPlainText(AIChatMessage message) => message.Contents.Count > 0 && message.Contents.All(c => c is TextContent);

    private static AIChatMessage Rewrite(AIChatMessage original, string text) => new(original.Role, text)
    {
        AuthorName = original.AuthorName,
        MessageId = original.MessageId,
        CreatedAt = original.CreatedAt,
        AdditionalProperties = original.AdditionalProperties,
    };
}
