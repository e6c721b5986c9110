using System.Text.Json;
using Compressor.Engine.Errors;
using Compressor.Engine.Models;
using Compressor.Engine.Scheduling;
using Compressor.Native;

namespace Compressor.Engine.Eviction;

/// <summary>
/// Long-context answering through a bounded KV cache (docs/algorithms.md section 3): read the
/// context in chunks with a scoring context (flash attention off, capture on) when the policy
/// needs attention or Q/K, evict to the budget, move the compacted state to a generation context
/// (flash attention on), close position gaps, then decode the question and the answer. Reduced
/// caches of query-agnostic policies (or when asked) are stored per document and reused.
/// </summary>
public sealed class KvEvictionService(ModelRegistry registry, EvictionOptions options, IKvStateStore? store = null,
    IFrequencyCalibrationStore? calibrations = null)
{
    private const int Sequence = 0;

    public async Task<EvictionOutcome> GenerateAsync(string? modelId, EvictionRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var handle = await registry.AcquireAsync(modelId, cancellationToken).ConfigureAwait(false);
        var loaded = handle.Loaded;
        var parts = PromptParts.Build(loaded.Model, request.ContextText, request.Question, request.Prompt);
        var plan = Plan(loaded.Model, request, parts, contextSize: null);
        var docBudget = plan.Budget - parts.Suffix.Length;
        var reusable = store is not null && (EvictionPolicies.IsQueryAgnostic(plan.Policy) || request.ReuseState);
        var key = reusable ? KvStateEnvelope.Key(loaded.Fingerprint, [.. parts.Prefix, .. parts.Document], plan, docBudget) : null;
        var stored = key is null ? null : await store!.GetAsync(key, cancellationToken).ConfigureAwait(false);
        var unpacked = stored is null ? null : KvStateEnvelope.Unpack(stored, parts.Prefix.Length);

        // One lease for the whole request: a scoring context (flash attention off, capture on) keeps V
        // transposed, so its state does not restore into a flash-attention context; the answer is
        // decoded where the cache was read, over the compacted cells.
        var profile = EvictionPolicies.NeedsCapture(plan.Policy) ? ContextProfile.Scoring : ContextProfile.Generation;
        ContextLease? generation = null;
        try
        {
        generation = await handle.RentAsync(profile, cancellationToken).ConfigureAwait(false);
        var context = generation.Context;
        ReadOutcome? read = null;
        CellMap map;
        byte[]? toStore = null;
        if (unpacked is { } hit)
        {
            CheckFits(plan, context.ContextSize);
            context.RestoreSequenceState(Sequence, hit.State);
            map = hit.Map;
        }
        else
        {
            var calibration = plan.Policy == EvictionPolicy.Frequency
                ? FrequencyCalibrator.GetOrCalibrate(context, loaded.Fingerprint, calibrations, cancellationToken)
                : null;
            (read, toStore) = await Task.Run(() => Read(context, plan, parts, !reusable, reusable, calibration, cancellationToken), cancellationToken).ConfigureAwait(false);
            map = read.Map;
        }

        if (toStore is not null)
        {
            var meta = JsonSerializer.Serialize(new { model = loaded.Id, fingerprint = loaded.Fingerprint, policy = EvictionPolicies.Name(plan.Policy), budget = docBudget, cells = map.Count });
            await store!.PutAsync(key!, KvStateEnvelope.Pack(map, toStore), meta, cancellationToken).ConfigureAwait(false);
        }

        var suffixInCache = read?.SuffixInCache == true;
        var answer = await Task.Run(() =>
        {
            try
            {
                if (plan.ClosePositionGaps)
                {
                    KvCacheEditor.ClosePositionGaps(context, Sequence, map);
                }

                return AnswerDecoder.Run(context, Sequence, map.NextPosition, suffixInCache ? [] : parts.Suffix,
                    suffixInCache ? read!.SuffixLogits : null, request.MaxTokens, request.Sampling, request.Stop, cancellationToken);
            }
            catch (LlamaException e)
            {
                throw EngineErrors.FromNative(e);
            }
        }, cancellationToken).ConfigureAwait(false);

        var cellsAfter = map.Count + (suffixInCache ? 0 : parts.Suffix.Length);
        var prefillTokens = read?.PrefillTokens ?? 0;
        var stats = new EvictionStats(
            CellsBefore: parts.Prefix.Length + parts.Document.Length + parts.Suffix.Length,
            CellsAfter: cellsAfter,
            PeakCells: Math.Max(read?.PeakCells ?? 0, cellsAfter),
            KvBytes: cellsAfter * BytesPerCell(loaded.Model),
            ScoringMs: read?.ScoringMs ?? 0,
            PrefillTokensPerSecond: read is { PrefillMs: > 0 } ? prefillTokens * 1000.0 / read.PrefillMs : 0,
            DecodeTokensPerSecond: answer.DecodeMs > 0 ? answer.Tokens.Count * 1000.0 / answer.DecodeMs : 0,
            Policy: EvictionPolicies.Name(plan.Policy),
            KeptPositions: [.. map.Entries.Where(e => e.Source >= parts.Prefix.Length).Select(e => e.Source - parts.Prefix.Length)],
            CacheReused: unpacked is not null,
            Budget: plan.Budget,
            ChunkTokens: plan.ChunkTokens,
            Rounds: read?.Rounds ?? 0);
        return new EvictionOutcome(loaded.Id, loaded.Fingerprint, answer.Text, answer.FinishReason,
            stats.CellsBefore, answer.Tokens.Count, stats);
        }
        finally
        {
            generation?.Dispose();
        }
    }

    /// <summary>Validates a request against the model and builds the reading plan (errors name request fields).</summary>
    public EvictionPlan Plan(LlamaModel model, EvictionRequest request, PromptParts parts, int? contextSize)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(parts);
        var window = request.Window ?? options.Window;
        var chunk = request.ChunkTokens ?? options.ChunkTokens;
        if (chunk is < 1 or > 16384)
        {
            throw EvictionErrors.InvalidSetting($"chunk tokens must be 1 to 16384, got {chunk}", "context.chunk_tokens");
        }

        if (window < 1 || window > chunk)
        {
            throw EvictionErrors.InvalidSetting($"window must be 1 to the chunk size ({chunk}), got {window}", "context.window");
        }

        if (request.MaxTokens < 0)
        {
            throw EvictionErrors.InvalidSetting("max_tokens must not be negative", "max_tokens");
        }

        var total = parts.Prefix.Length + parts.Document.Length + parts.Suffix.Length;
        if (parts.Document.Length > options.MaxContextTokens)
        {
            throw EvictionErrors.ContextTooLarge(parts.Document.Length, options.MaxContextTokens);
        }

        var budget = request.Budget.Resolve(total);
        var queryAware = request.Policy == EvictionPolicy.SnapKv && parts.Suffix.Length > 0;
        var tail = request.Policy switch
        {
            EvictionPolicy.SnapKv => queryAware ? 0 : window,
            EvictionPolicy.H2O or EvictionPolicy.Frequency => window,
            _ => 0,
        };
        if (budget < parts.Suffix.Length + 1)
        {
            throw EvictionErrors.BudgetTooSmall(budget, parts.Suffix.Length + 1, "the question and at least one context token");
        }

        var required = parts.Suffix.Length + Math.Min(parts.Prefix.Length + parts.Document.Length, parts.Prefix.Length + tail + 1);
        if (budget < required)
        {
            throw EvictionErrors.BudgetTooSmall(budget, required, $"the question, the template prefix and the {tail}-token window");
        }

        var plan = new EvictionPlan
        {
            Policy = request.Policy,
            Budget = budget,
            ChunkTokens = chunk,
            Window = window,
            Layers = request.Layers,
            Seed = request.Seed,
            ClosePositionGaps = !request.KeepPositions,
        };
        CheckShift(model, plan, total + request.MaxTokens);
        if (contextSize is int size)
        {
            CheckFits(plan, size);
        }

        return plan;
    }

    /// <summary>Closing gaps needs a cache that can shift; keeping positions needs the whole input inside the training context.</summary>
    public static void CheckShift(LlamaModel model, EvictionPlan plan, int totalPositions)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(plan);
        CheckShift(Path.GetFileNameWithoutExtension(model.Path), plan.ClosePositionGaps, CanShift(model), totalPositions, model.TrainContextLength);
    }

    public static void CheckShift(string modelName, bool closeGaps, bool canShift, int totalPositions, int trainContext)
    {
        if (closeGaps && !canShift)
        {
            throw EvictionErrors.CannotShift(modelName);
        }

        if (!closeGaps && trainContext > 0 && totalPositions > trainContext)
        {
            throw new Compression.Errors.CompressorException(Compression.Errors.ErrorKind.TooLarge, "context_too_large",
                $"with keep_positions the context, question and answer ({totalPositions} positions) must fit the model's training context ({trainContext})", "context.text");
        }
    }

    private static void CheckFits(EvictionPlan plan, int contextSize)
    {
        if (plan.Budget + plan.ChunkTokens > contextSize)
        {
            throw EvictionErrors.BudgetExceedsContext(plan.Budget, plan.ChunkTokens, contextSize);
        }
    }

    private static bool CanShift(LlamaModel model) => !model.IsRecurrent;

    private static long BytesPerCell(LlamaModel model) =>
        2L * model.LayerCount * model.HeadCountKv * (model.EmbeddingSize / model.HeadCount) * sizeof(short);

    private static (ReadOutcome Read, byte[]? Stored) Read(LlamaContext context, EvictionPlan plan, PromptParts parts,
        bool keepSuffix, bool saveState, FrequencyCalibration? calibration, CancellationToken ct)
    {
        CheckFits(plan, context.ContextSize);
        try
        {
            var read = new EvictingReader(context, plan, calibration).Read(parts.Prefix, parts.Document, parts.Suffix, keepSuffix, ct);
            return (read, saveState && read.Map.Count > 0 ? context.SaveSequenceState(Sequence) : null);
        }
        catch (LlamaException e)
        {
            throw EngineErrors.FromNative(e);
        }
    }
}
