using System.Diagnostics;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using Compressor.Api.Contracts;
using Compressor.Api.Errors;
using Compressor.Compression.Errors;
using Compressor.Engine.Generation;
using Compressor.Engine.Latent;
using Microsoft.AspNetCore.Http.HttpResults;
using DecodedLatents = Compressor.Engine.Latent.LatentGeneration;

namespace Compressor.Api.Endpoints;

/// <summary>
/// POST /v1/generate with <c>latents</c>: decodes a stored latent set (by id) or inline float16
/// vectors with the adapter's decoder, after an instruction (latents.instruction or prompt; default:
/// the adapter's reconstruction prompt). Streaming sends the whole text as one delta, then "done".
/// </summary>
public static class LatentGeneration
{
    public static async Task<Results<Ok<GenerateResponse>, ServerSentEventsResult<object>>> HandleAsync(
        GenerateRequest request, HttpContext http, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(http);
        var latents = request.Latents ?? throw CompressorException.BadRequest("latents_missing", "latents is required here", "latents");
        CheckCombination(request, latents);
        var service = http.RequestServices.GetRequiredService<LatentService>();
        var clock = Stopwatch.StartNew();
        var (set, storedId) = latents.Id is { } id
            ? (await http.RequestServices.GetRequiredService<ILatentStore>().GetAsync(id, cancellationToken) ?? throw LatentErrors.LatentsNotFound(id), id)
            : (Inline(latents, service.Adapters), (Guid?)null);

        var adapter = service.Adapters.Get(latents.Adapter ?? set.Adapter);
        if (request.Model is { } model && model != adapter.Adapter.DecoderModel.Name)
        {
            throw CompressorException.BadRequest("latents_model_mismatch",
                $"latents decode with adapter '{adapter.Id}' on decoder model '{adapter.Adapter.DecoderModel.Name}', not '{model}' (leave model out)", "model");
        }

        var options = new LatentGenerationOptions
        {
            Adapter = latents.Adapter,
            Instruction = latents.Instruction ?? request.Prompt,
            MaxTokens = request.MaxTokens,
            Sampling = new SamplingSettings(request.Temperature, request.TopP, request.Seed ?? Random.Shared.Next()),
        };
        var responseId = "gen-" + Guid.CreateVersion7().ToString("N");
        if (!request.Stream)
        {
            var generated = await service.GenerateFromLatentsAsync(set, options, cancellationToken);
            return TypedResults.Ok(ToResponse(responseId, generated, set, storedId, adapter.Id, request.Stop, clock.Elapsed));
        }

        return TypedResults.ServerSentEvents(StreamAsync(responseId, service, set, storedId, adapter.Id, options, request.Stop, clock, cancellationToken));
    }

    /// <summary>Latents replace the prompt's context; modes that shape the prompt or the sampler elsewhere do not combine with them.</summary>
    private static void CheckCombination(GenerateRequest request, LatentsDto latents)
    {
        var other = request.Messages is not null ? "messages"
            : request.Context is not null ? "context"
            : request.Constraint is not null ? "constraint"
            : request.Sampler is not null ? "sampler"
            : null;
        if (other is not null)
        {
            throw CompressorException.BadRequest("latents_combination",
                $"latents cannot be combined with {other}: give the instruction as prompt or latents.instruction", other);
        }

        if (latents.Instruction is not null && request.Prompt is not null)
        {
            throw CompressorException.BadRequest("instruction_ambiguous", "give the instruction once: as latents.instruction or as prompt", "latents.instruction");
        }

        if (latents.Id is null == latents.Vectors is null)
        {
            throw CompressorException.BadRequest("latents_id_or_vectors", "latents needs exactly one of id (stored by /v1/compress) or vectors (base64 float16)", "latents");
        }

        if (latents.Id is not null && latents.Count is not null)
        {
            throw CompressorException.BadRequest("latents_count_unexpected", "latents.count goes with inline vectors, not with an id", "latents.count");
        }
    }

    /// <summary>Inline vectors as a set: C3 decodes one block per prompt, so every L (query count) vectors form a block.</summary>
    private static LatentSet Inline(LatentsDto latents, LatentAdapterRegistry adapters)
    {
        float[] values;
        try
        {
            values = LatentVectors.FromBase64(latents.Vectors!);
        }
        catch (FormatException e)
        {
            throw LatentErrors.LatentsInvalid($"latents.vectors is not base64 float16: {e.Message}");
        }

        var loaded = adapters.Get(latents.Adapter);
        var hidden = loaded.Adapter.DecoderHiddenSize;
        if (values.Length == 0)
        {
            throw LatentErrors.LatentsInvalid("latents.vectors is empty");
        }

        if (latents.Count is int count)
        {
            if (count < 1 || values.Length % count != 0)
            {
                throw CompressorException.BadRequest("latents_count_mismatch", $"latents.vectors holds {values.Length} values, not {count} vectors of equal size", "latents.count");
            }

            if (values.Length / count != hidden)
            {
                throw LatentErrors.LatentsHiddenSize(loaded.Id, hidden, values.Length / count);
            }
        }
        else if (values.Length % hidden != 0)
        {
            throw LatentErrors.LatentsInvalid($"latents.vectors holds {values.Length} values, not whole vectors of {hidden} (adapter '{loaded.Id}'); give latents.count to name the size you meant");
        }

        var perBlock = loaded.Adapter.QueryCount * hidden;
        var blocks = values.Chunk(perBlock).Select(v => new LatentBlock(0, 0, 0, v)).ToList();
        return new LatentSet(loaded.Id, "", hidden, blocks);
    }

    private static GenerateResponse ToResponse(string id, DecodedLatents g, LatentSet set, Guid? storedId, string adapter,
        IReadOnlyList<string>? stop, TimeSpan total)
    {
        var (text, finish) = ApplyStop(g.Text, g.FinishReason, stop);
        var seconds = g.ElapsedMs / 1000;
        var stored = storedId is not null;
        return new GenerateResponse(id, g.DecoderModel, text, finish, new UsageDto(g.PromptPositions, g.GeneratedTokens),
            new GenerationTimingsDto(0, 0, g.ElapsedMs, 0, seconds > 0 ? g.GeneratedTokens / seconds : 0, total.TotalMilliseconds))
        {
            Stats = new LatentGenerationStatsDto(storedId, adapter, set.LatentCount, set.HiddenSize, set.Blocks.Count,
                stored ? set.TextTokens : null, stored ? Math.Round(set.Ratio, 6) : null, g.PromptPositions, g.LatentPositions),
        };
    }

    /// <summary>The decoder knows no stop strings: the text is cut at the first one after decoding.</summary>
    private static (string Text, string Finish) ApplyStop(string text, string finish, IReadOnlyList<string>? stop)
    {
        var cut = stop?.Select(s => text.IndexOf(s, StringComparison.Ordinal)).Where(i => i >= 0).DefaultIfEmpty(-1).Min() ?? -1;
        return cut < 0 ? (text, finish) : (text[..cut], FinishReason.Stop);
    }

    private static async IAsyncEnumerable<SseItem<object>> StreamAsync(string id, LatentService service, LatentSet set, Guid? storedId, string adapter,
        LatentGenerationOptions options, IReadOnlyList<string>? stop, Stopwatch clock, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        SseItem<object> last;
        SseItem<object>? delta = null;
        try
        {
            var generated = await service.GenerateFromLatentsAsync(set, options, cancellationToken);
            var response = ToResponse(id, generated, set, storedId, adapter, stop, clock.Elapsed);
            delta = new SseItem<object>(new { response.Text }, "delta");
            last = new SseItem<object>(response, "done");
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            // Headers are already sent: report the problem as an event.
            last = new SseItem<object>(ProblemMapper.Map(e), "error");
        }

        if (delta is { } d)
        {
            yield return d;
        }

        yield return last;
    }
}
