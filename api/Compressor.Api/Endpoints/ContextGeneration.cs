using System.Diagnostics;
using Compressor.Api.Configuration;
using Compressor.Api.Contracts;
using Compressor.Compression.Errors;
using Compressor.Engine.Eviction;
using Compressor.Engine.Generation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Compressor.Api.Endpoints;

/// <summary>
/// /v1/generate with <c>context</c>: the document is read in chunks through a KV cache of at most
/// <c>kv_budget</c> cells plus one chunk, evicting by the <c>eviction</c> policy, then the question
/// and the answer are decoded over the reduced cache. The question is <c>context.question</c>
/// (formatted with the model's chat template) or <c>prompt</c> (raw text appended after the
/// document, no template), not both; either is the observation window of query-aware policies.
/// Without either the model continues the document. Messages, streaming, constraints and latents
/// do not combine with a context.
/// </summary>
public static class ContextGeneration
{
    public static async Task<Results<Ok<GenerateResponse>, ServerSentEventsResult<object>>> HandleAsync(
        GenerateRequest request, HttpContext http, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(http);
        var services = http.RequestServices;
        var eviction = ToDomain(request, services.GetRequiredService<IOptions<ApiOptions>>().Value);
        var clock = Stopwatch.StartNew();
        var outcome = await services.GetRequiredService<KvEvictionService>().GenerateAsync(request.Model, eviction, cancellationToken);
        var total = clock.Elapsed.TotalMilliseconds;
        var s = outcome.Stats;
        var decodeMs = s.DecodeTokensPerSecond > 0 ? outcome.CompletionTokens * 1000.0 / s.DecodeTokensPerSecond : 0;
        var response = new GenerateResponse("gen-" + Guid.CreateVersion7().ToString("N"), outcome.ModelId, outcome.Text, outcome.FinishReason,
            new UsageDto(outcome.PromptTokens, outcome.CompletionTokens),
            new GenerationTimingsDto(0, Math.Max(0, total - decodeMs), decodeMs, s.PrefillTokensPerSecond, s.DecodeTokensPerSecond, total))
        {
            Stats = new KvEvictionStatsDto(s.CellsBefore, s.CellsAfter, s.PeakCells, s.KvBytes, Math.Round(s.ScoringMs, 3),
                Math.Round(s.PrefillTokensPerSecond, 1), Math.Round(s.DecodeTokensPerSecond, 1), s.Policy, s.KeptPositions, s.CacheReused,
                s.Budget, s.ChunkTokens, s.Rounds),
        };
        return TypedResults.Ok(response);
    }

    /// <summary>The request as an eviction request; every failure names its field.</summary>
    public static EvictionRequest ToDomain(GenerateRequest request, ApiOptions limits)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(limits);
        var context = request.Context ?? throw CompressorException.BadRequest("context_missing", "context is required", "context");
        Unsupported(request.Messages is not null, "messages", "put the question in context.question (or a raw prompt in prompt)");
        Unsupported(request.Stream, "stream", "an answer over a context is returned whole");
        Unsupported(request.Constraint is not null, "constraint", "constrained decoding does not combine with a context");
        Unsupported(request.Latents is not null, "latents", "latents and a context are separate modes");
        if (context.Text is null)
        {
            throw CompressorException.BadRequest("context_text_missing", "context.text is required", "context.text");
        }

        if (context.Text.Length > limits.MaxTextChars)
        {
            throw new CompressorException(ErrorKind.TooLarge, "text_too_large",
                $"context.text has {context.Text.Length} characters; the limit is {limits.MaxTextChars} (Compressor:Api:MaxTextChars)", "context.text");
        }

        if (context.Question is not null && request.Prompt is not null)
        {
            throw CompressorException.BadRequest("question_ambiguous", "give the question in context.question or in prompt, not both", "prompt");
        }

        if (context.Question is { Length: > 10_000 })
        {
            throw CompressorException.BadRequest("question_too_long", "context.question is limited to 10000 characters", "context.question");
        }

        var budget = context.KvBudget ?? throw CompressorException.BadRequest("kv_budget_missing",
            "context.kv_budget is required: {\"tokens\": 1024} or {\"ratio\": 0.25}", "context.kv_budget");
        if (!EvictionPolicies.TryParse(context.Eviction ?? "snapkv", out var policy))
        {
            throw EvictionErrors.UnknownPolicy(context.Eviction);
        }

        return new EvictionRequest
        {
            ContextText = context.Text,
            Question = context.Question,
            Prompt = request.Prompt,
            Budget = new KvBudget(budget.Tokens, budget.Ratio),
            Policy = policy,
            Window = context.Window,
            MaxTokens = request.MaxTokens,
            Sampling = new SamplingSettings(request.Temperature, request.TopP, request.Seed ?? Random.Shared.Next()),
            Stop = request.Stop ?? [],
            ReuseState = context.ReuseState ?? false,
            Seed = request.Seed ?? 0,
        };
    }

    private static void Unsupported(bool present, string field, string hint)
    {
        if (present)
        {
            throw CompressorException.BadRequest("context_" + field + "_unsupported", $"{field} does not combine with context: {hint}", field);
        }
    }
}
