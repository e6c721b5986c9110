using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Compressor.Api.Configuration;
using Compressor.Api.Contracts;
using Compressor.Api.Errors;
using Compressor.Engine.Generation;
using Compressor.Engine.Models;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Compressor.Api.Endpoints;

/// <summary>POST /v1/generate: text from a prompt or chat messages, whole or streamed as Server-Sent Events.</summary>
public static class GenerateEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGroup("/v1/generate").WithTags("Generate").MapPost("/", Generate).WithName("Generate");
    }

    public static async Task<Results<Ok<GenerateResponse>, ServerSentEventsResult<object>>> Generate(
        GenerateRequest request, TextGenerationService generator, ModelRegistry registry, IOptions<ApiOptions> options, HttpContext http,
        CancellationToken cancellationToken)
    {
        GenerateValidator.Validate(request, options.Value.MaxGenerationTokens);

        // Special generation modes, one dispatch line each (they validate their own fields).
        if (request.Context is not null) return await ContextGeneration.HandleAsync(request, http, cancellationToken);
        if (request.Latents is not null) return await LatentGeneration.HandleAsync(request, http, cancellationToken);
        if (request.Constraint is not null) return await ConstrainedGeneration.HandleAsync(request, http, cancellationToken);
        registry.EnsureServable(request.Model);
        var id = "gen-" + Guid.CreateVersion7().ToString("N");
        var template = new GenerationRequest
        {
            PromptTokens = [],
            MaxTokens = request.MaxTokens,
            Sampling = new SamplingSettings(request.Temperature, request.TopP, request.Seed ?? Random.Shared.Next()),
            Stop = request.Stop ?? [],
        };
        var messages = request.Messages?.Select(m => (m.Role, m.Content)).ToList();

        if (!request.Stream)
        {
            var started = DateTime.UtcNow;
            var outcome = await generator.GenerateAsync(request.Model, request.Prompt, messages, template, null, cancellationToken);
            return TypedResults.Ok(ToResponse(id, outcome, DateTime.UtcNow - started));
        }

        return TypedResults.ServerSentEvents(Stream(id, request, messages, template, generator, cancellationToken));
    }

    public static GenerateResponse ToResponse(string id, GenerationOutcome outcome, TimeSpan total)
    {
        var r = outcome.Result;
        return new GenerateResponse(id, outcome.ModelId, r.Text, r.FinishReason, new UsageDto(r.PromptTokens, r.CompletionTokens),
            new GenerationTimingsDto(outcome.QueueMs, r.Timings.PromptMs, r.Timings.GenerationMs, r.Timings.PromptTokensPerSecond,
                r.Timings.GenerationTokensPerSecond, total.TotalMilliseconds));
    }

    private static async IAsyncEnumerable<SseItem<object>> Stream(string id, GenerateRequest request, List<(string Role, string Content)>? messages,
        GenerationRequest template, TextGenerationService generator, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var channel = Channel.CreateUnbounded<SseItem<object>>();
        var started = DateTime.UtcNow;
        _ = Task.Run(async () =>
        {
            try
            {
                var outcome = await generator.GenerateAsync(request.Model, request.Prompt, messages, template,
                    delta => channel.Writer.TryWrite(new SseItem<object>(new { Text = delta }, "delta")), cancellationToken);
                channel.Writer.TryWrite(new SseItem<object>(ToResponse(id, outcome, DateTime.UtcNow - started), "done"));
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                // Headers are already sent: report the problem as an event.
                channel.Writer.TryWrite(new SseItem<object>(ProblemMapper.Map(e), "error"));
            }
            finally
            {
                channel.Writer.TryComplete();
            }
        }, CancellationToken.None);

        await foreach (var item in channel.Reader.ReadAllAsync(cancellationToken))
        {
            yield return item;
        }
    }
}
