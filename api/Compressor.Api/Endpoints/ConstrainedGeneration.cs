using System.Diagnostics;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Compressor.Api.Contracts;
using Compressor.Api.Errors;
using Compressor.Compression.Errors;
using Compressor.Constraints;
using Compressor.Engine.Constrained;
using Compressor.Engine.Generation;
using Compressor.Engine.Models;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Compressor.Api.Endpoints;

/// <summary>
/// POST /v1/generate with <c>constraint</c>: JSON Schema, regex, GBNF grammar or a choice, compiled
/// once (cached) to GBNF for llama.cpp's grammar, decoded with AWRS (default) or full masking, with
/// sequential Monte Carlo when <c>sampler.particles</c> &gt; 1. The output is validated before it is
/// returned; <c>stats</c> says whether it is valid or was cut off. Streaming sends deltas (with
/// several particles, the chosen particle's whole text as one delta), then "done".
/// </summary>
public static class ConstrainedGeneration
{
    public const int MaxRejectionsLimit = 1_000_000;

    public static async Task<Results<Ok<GenerateResponse>, ServerSentEventsResult<object>>> HandleAsync(
        GenerateRequest request, HttpContext http, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(http);
        var dto = request.Constraint ?? throw CompressorException.BadRequest("constraint_missing", "constraint is required here", "constraint");
        var sampling = Sampling(request);
        var services = http.RequestServices;
        var constraint = Compile(services.GetRequiredService<ConstraintCompiler>(), dto);
        services.GetRequiredService<ModelRegistry>().EnsureServable(request.Model);
        var generator = services.GetRequiredService<ConstrainedGenerationService>();
        var template = new ConstrainedRequest
        {
            PromptTokens = [],
            Constraint = constraint,
            MaxTokens = request.MaxTokens,
            Stop = request.Stop ?? [],
            Sampling = sampling,
        };
        var messages = request.Messages?.Select(m => (m.Role, m.Content)).ToList();
        var id = "gen-" + Guid.CreateVersion7().ToString("N");
        var clock = Stopwatch.StartNew();
        if (!request.Stream)
        {
            var outcome = await generator.GenerateAsync(request.Model, request.Prompt, messages, template, null, cancellationToken);
            return TypedResults.Ok(ToResponse(id, outcome, clock.Elapsed));
        }

        return TypedResults.ServerSentEvents(StreamAsync(id, request, messages, template, generator, clock, cancellationToken));
    }

    public static CompiledConstraint Compile(ConstraintCompiler compiler, ConstraintDto dto)
    {
        ArgumentNullException.ThrowIfNull(compiler);
        ArgumentNullException.ThrowIfNull(dto);
        if (dto.Value.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null)
        {
            throw CompressorException.BadRequest("invalid_constraint", "constraint.value is required", "constraint.value");
        }

        return compiler.Compile(ConstraintCompiler.ParseKind(dto.Type), JsonNode.Parse(dto.Value.GetRawText()));
    }

    /// <summary>Sampler fields, checked one by one (each failure names its field).</summary>
    public static ConstrainedSampling Sampling(GenerateRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var sampler = request.Sampler ?? new SamplerDto();
        var method = (sampler.Method ?? "awrs").ToLowerInvariant() switch
        {
            "awrs" => ConstrainedMethod.Awrs,
            "mask" => ConstrainedMethod.Mask,
            _ => throw CompressorException.BadRequest("invalid_sampler", $"sampler.method must be 'awrs' or 'mask', not '{sampler.Method}'", "sampler.method"),
        };
        if (sampler.Particles is < 1 or > 64)
        {
            throw CompressorException.BadRequest("particles_out_of_range", $"sampler.particles must be between 1 and 64, got {sampler.Particles}", "sampler.particles");
        }

        if (!double.IsFinite(sampler.EssThreshold) || sampler.EssThreshold is < 0 or > 1)
        {
            throw CompressorException.BadRequest("invalid_sampler", $"sampler.ess_threshold must be between 0 and 1, got {sampler.EssThreshold}", "sampler.ess_threshold");
        }

        if (sampler.MaxRejections is < 0 or > MaxRejectionsLimit)
        {
            throw CompressorException.BadRequest("invalid_sampler", $"sampler.max_rejections must be between 0 and {MaxRejectionsLimit}", "sampler.max_rejections");
        }

        if (sampler.Particles > 1 && request.Stop is { Count: > 0 })
        {
            throw CompressorException.BadRequest("invalid_sampler", "stop strings need a single particle (sampler.particles = 1)", "stop");
        }

        return new ConstrainedSampling
        {
            Method = method,
            Temperature = request.Temperature,
            TopP = request.TopP,
            Seed = request.Seed ?? Random.Shared.Next(),
            MaxRejections = sampler.MaxRejections ?? 64,
            Particles = sampler.Particles,
            EssThreshold = sampler.EssThreshold,
        };
    }

    public static GenerateResponse ToResponse(string id, ConstrainedOutcome outcome, TimeSpan total)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        var r = outcome.Result;
        var result = new GenerationResult(r.Text, r.Tokens, r.FinishReason, r.PromptTokens, r.Tokens.Count, r.Timings);
        var s = r.Stats;
        var stats = new ConstrainedStatsDto(s.Method, s.Particles, s.ConstraintChecks, s.ChecksPerToken, s.Rejections, s.MaskFallbacks, s.StateCacheHits,
            Finite(s.LogWeight), s.ParticleLogWeights?.Select(Finite).ToList(), s.Resamples, s.ConstraintMs, s.ForwardMs,
            s.Valid, s.Incomplete, s.ValidationError);
        return GenerateEndpoints.ToResponse(id, new GenerationOutcome(outcome.ModelId, outcome.ModelFingerprint, result, outcome.QueueMs), total)
            with { Stats = stats };
    }

    private static double? Finite(double value) => double.IsFinite(value) ? value : null;

    private static async IAsyncEnumerable<SseItem<object>> StreamAsync(string id, GenerateRequest request, List<(string Role, string Content)>? messages,
        ConstrainedRequest template, ConstrainedGenerationService generator, Stopwatch clock, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var channel = Channel.CreateUnbounded<SseItem<object>>();
        _ = Task.Run(async () =>
        {
            try
            {
                var streamed = template.Sampling.Particles == 1;
                var outcome = await generator.GenerateAsync(request.Model, request.Prompt, messages, template,
                    streamed ? delta => channel.Writer.TryWrite(new SseItem<object>(new { Text = delta }, "delta")) : null, cancellationToken);
                if (!streamed && outcome.Result.Text.Length > 0)
                {
                    channel.Writer.TryWrite(new SseItem<object>(new { outcome.Result.Text }, "delta"));
                }

                channel.Writer.TryWrite(new SseItem<object>(ToResponse(id, outcome, clock.Elapsed), "done"));
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
