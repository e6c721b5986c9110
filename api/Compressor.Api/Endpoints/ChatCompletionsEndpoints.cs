using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Threading.Channels;
using Compressor.Api.Configuration;
using Compressor.Api.Contracts;
using Compressor.Api.Contracts.OpenAi;
using Compressor.Api.Errors;
using Compressor.Api.Pipeline;
using Compressor.Compression.Errors;
using Compressor.Engine.Generation;
using Compressor.Engine.Models;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Compressor.Api.Endpoints;

/// <summary>
/// POST /v1/chat/completions: OpenAI's Chat Completions API over the local models, whole or streamed
/// (<c>chat.completion.chunk</c> events, then <c>data: [DONE]</c>), with structured output through
/// constrained decoding and the <c>compression</c> extension. Every failure is in OpenAI's error shape.
/// </summary>
public static class ChatCompletionsEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGroup("/v1/chat").WithTags("OpenAI compatible")
            .MapPost("/completions", Create).WithName("CreateChatCompletion")
            .Accepts<ChatCompletionRequest>("application/json")
            .Produces<ChatCompletionResponse>(StatusCodes.Status200OK, "application/json", "text/event-stream")
            .Produces<OpenAiErrorResponse>(StatusCodes.Status400BadRequest)
            .Produces<OpenAiErrorResponse>(StatusCodes.Status404NotFound)
            .Produces<OpenAiErrorResponse>(StatusCodes.Status413PayloadTooLarge)
            .Produces<OpenAiErrorResponse>(StatusCodes.Status503ServiceUnavailable);
    }

    public static async Task<Results<JsonHttpResult<ChatCompletionResponse>, ServerSentEventsResult<string>, JsonHttpResult<OpenAiErrorResponse>>> Create(
        HttpContext http, TextGenerationService generator, CompressionService compression, ModelRegistry registry, IOptions<ApiOptions> options,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        ChatCompletionPlan plan;
        GenerateRequest generate;
        CompressionStats? stats = null;
        try
        {
            var request = await ReadAsync(http, cancellationToken);
            plan = ChatCompletionsTranslator.Translate(request, options.Value.MaxGenerationTokens);
            generate = plan.Generate;
            registry.EnsureServable(generate.Model);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            return OpenAiErrors.From(e, http);
        }

        if (plan.Compression is { } extension)
        {
            try
            {
                (generate, stats) = await CompressAsync(generate, extension, compression, cancellationToken);
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                return OpenAiErrors.From(e, http, "compression");
            }
        }

        var completion = new ChatCompletionRun(http, generator, generate, plan.Schema);
        var id = "chatcmpl-" + Guid.CreateVersion7().ToString("N");
        var created = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        if (!generate.Stream)
        {
            try
            {
                var outcome = await completion.RunAsync(null, cancellationToken);
                var r = outcome.Result;
                var choice = new ChatCompletionChoice(0, new AssistantMessage("assistant", r.Text), FinishReasonOf(r.FinishReason));
                return TypedResults.Json(new ChatCompletionResponse(id, created, outcome.ModelId, Fingerprint(outcome), [choice],
                    new ChatCompletionUsage(r.PromptTokens, r.CompletionTokens)) { Compression = stats }, OpenAiJson.Options);
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                return OpenAiErrors.From(e, http);
            }
        }

        // Generation starts before the response does, so a failure to start (queue full, model
        // missing) is still an HTTP status rather than an error inside a 200 stream.
        var events = Channel.CreateUnbounded<object>();
        _ = Task.Run(async () =>
        {
            try
            {
                var outcome = await completion.RunAsync(delta => events.Writer.TryWrite(delta), cancellationToken);
                events.Writer.TryWrite(outcome);
            }
            catch (Exception e)
            {
                events.Writer.TryWrite(e);
            }
            finally
            {
                events.Writer.TryComplete();
            }
        }, CancellationToken.None);

        var first = await events.Reader.ReadAsync(cancellationToken);
        if (first is Exception failure)
        {
            return cancellationToken.IsCancellationRequested ? throw new OperationCanceledException(cancellationToken) : OpenAiErrors.From(failure, http);
        }

        var header = new ChunkHeader(id, created, generate.Model ?? registry.DefaultId ?? "", stats, plan.IncludeUsage);
        return TypedResults.ServerSentEvents(Chunks(header, first, events.Reader, cancellationToken));
    }

    private static async Task<ChatCompletionRequest> ReadAsync(HttpContext http, CancellationToken cancellationToken) =>
        await JsonSerializer.DeserializeAsync<ChatCompletionRequest>(http.Request.Body, OpenAiJson.Options, cancellationToken)
        ?? throw CompressorException.BadRequest("body_missing", "the request body must be a JSON object", null);

    private static async Task<(GenerateRequest, CompressionStats)> CompressAsync(GenerateRequest generate, CompressionExtension extension,
        CompressionService compression, CancellationToken cancellationToken)
    {
        var compressed = await compression.CompressAsync(new CompressRequest
        {
            Messages = generate.Messages,
            Method = extension.Method,
            Target = extension.Target,
            Question = extension.Question,
            Keep = extension.Keep,
            Model = extension.Model ?? generate.Model,
            ProtectSystemAndLastUser = extension.ProtectSystemAndLastUser,
        }, null, cancellationToken);

        // Methods that answer with text only give one user turn.
        var messages = compressed.Messages ?? [new ChatMessageDto("user", compressed.Text)];
        var stats = new CompressionStats(compressed.Id, compressed.Method, compressed.OriginalTokens, compressed.CompressedTokens, compressed.Ratio,
            compressed.BudgetMet, compressed.Cached, compressed.Tokenizer);
        return (generate with { Messages = messages }, stats);
    }

    private static async IAsyncEnumerable<string> Chunks(ChunkHeader header, object first, ChannelReader<object> events,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var model = header.Model;
        string? fingerprint = null;
        yield return Serialize(new ChatCompletionChunk(header.Id, header.Created, model, fingerprint,
            [new ChatCompletionChunkChoice(0, new AssistantMessage("assistant", ""), null)]) { Compression = header.Compression });

        var pending = first;
        while (true)
        {
            switch (pending)
            {
                case string { Length: > 0 } delta:
                    yield return Serialize(new ChatCompletionChunk(header.Id, header.Created, model, fingerprint,
                        [new ChatCompletionChunkChoice(0, new AssistantMessage(null, delta), null)]));
                    break;
                case GenerationOutcome outcome:
                    var r = outcome.Result;
                    model = outcome.ModelId;
                    fingerprint = Fingerprint(outcome);
                    yield return Serialize(new ChatCompletionChunk(header.Id, header.Created, model, fingerprint,
                        [new ChatCompletionChunkChoice(0, new AssistantMessage(null, null), FinishReasonOf(r.FinishReason))]));
                    if (header.IncludeUsage)
                    {
                        yield return Serialize(new ChatCompletionChunk(header.Id, header.Created, model, fingerprint, [])
                        {
                            Usage = new ChatCompletionUsage(r.PromptTokens, r.CompletionTokens),
                        });
                    }

                    yield return "[DONE]";
                    yield break;
                case Exception e:
                    // Headers are sent: OpenAI reports a mid-stream failure as an error event and ends the stream.
                    yield return JsonSerializer.Serialize(OpenAiErrors.Describe(e).Body, OpenAiJson.Options);
                    yield break;
            }

            if (!await events.WaitToReadAsync(cancellationToken) || !events.TryRead(out pending))
            {
                yield break;
            }
        }
    }

    private static string Serialize(ChatCompletionChunk chunk) => JsonSerializer.Serialize(chunk, OpenAiJson.Options);

    /// <summary>OpenAI clients parse finish_reason into a closed set; a constraint dead end reads as "stop".</summary>
    private static string FinishReasonOf(string reason) => reason == FinishReason.Length ? "length" : "stop";

    /// <summary>"fp_" and the start of the model file's hash: the same weights give the same fingerprint.</summary>
    private static string Fingerprint(GenerationOutcome outcome)
    {
        var hash = outcome.ModelFingerprint[(outcome.ModelFingerprint.IndexOf(':', StringComparison.Ordinal) + 1)..];
        return "fp_" + (hash.Length > 12 ? hash[..12] : hash);
    }

    private sealed record ChunkHeader(string Id, long Created, string Model, CompressionStats? Compression, bool IncludeUsage);
}
