using System.Diagnostics;
using Compressor.Native;

namespace Compressor.Engine.Eviction;

/// <summary>
/// Reads a token stream (template prefix, then the document) through a cache of at most
/// <see cref="EvictionPlan.Budget"/> cells plus one chunk: prefill a chunk, score, evict down to the
/// budget, compact, close position gaps, continue. Scoring captures only what the policy needs:
/// the observation window's attention rows (SnapKV), every row in small sub-batches (H2O), rotated
/// Q/K chunks (frequency), nothing (streaming, random). One instance reads one stream.
/// </summary>
public sealed class EvictingReader
{
    private readonly LlamaContext context;
    private readonly EvictionPlan plan;
    private readonly AttentionCapture? attention;
    private readonly FrequencyCapture? frequency;
    private readonly CellMap map = new();
    private readonly Stopwatch prefillClock = new();
    private readonly Stopwatch scoringClock = new();
    private int prefillTokens;
    private int peak;
    private int rounds;
    private int head;
    private int[] evictedIn = [];
    private float[] lastScore = [];

    public EvictingReader(LlamaContext context, EvictionPlan plan, FrequencyCalibration? calibration = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(plan);
        this.context = context;
        this.plan = plan;
        if (EvictionPolicies.NeedsAttention(plan.Policy))
        {
            attention = new AttentionCapture(context.Model.LayerCount, plan.Layers);
            context.TensorObserver = attention;
        }
        else if (plan.Policy == EvictionPolicy.Frequency)
        {
            frequency = new FrequencyCapture(calibration ?? throw new ArgumentNullException(nameof(calibration), "the frequency policy needs a calibration"));
            context.TensorObserver = frequency;
        }
    }

    /// <summary>Largest attention tensor copied (bytes): the scoring pass's extra memory.</summary>
    public long PeakCaptureBytes => attention?.PeakTensorBytes ?? 0;

    /// <summary>
    /// Reads <paramref name="prefix"/> (always kept) and <paramref name="document"/> into the empty cache.
    /// With <paramref name="keepSuffix"/> and a query-aware policy the suffix (question) is decoded
    /// for real at the end, used as the observation window and kept, and its last logits returned;
    /// otherwise the suffix only votes (appended temporarily) and the caller decodes it later.
    /// </summary>
    public ReadOutcome Read(int[] prefix, int[] document, int[] suffix, bool keepSuffix, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(suffix);
        int[] stream = [.. prefix, .. document];
        head = prefix.Length;
        evictedIn = Enumerable.Repeat(int.MaxValue, stream.Length).ToArray();
        lastScore = new float[stream.Length];
        var docBudget = plan.Budget - suffix.Length;
        var queryAware = plan.Policy == EvictionPolicy.SnapKv && suffix.Length > 0;
        keepSuffix &= queryAware;
        var tail = plan.Policy switch
        {
            EvictionPolicy.SnapKv => queryAware ? 0 : plan.Window,
            EvictionPolicy.H2O or EvictionPolicy.Frequency => plan.Window,
            _ => 0,
        };

        for (var offset = 0; offset < stream.Length; offset += plan.ChunkTokens)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var end = Math.Min(stream.Length, offset + plan.ChunkTokens);
            var last = end == stream.Length;
            var evict = map.Count + (end - offset) > docBudget && !(last && keepSuffix);
            Prefill(stream, offset, end, captureWindow: evict && plan.Policy == EvictionPolicy.SnapKv && !queryAware, cancellationToken);
            peak = Math.Max(peak, map.Count);
            if (!evict)
            {
                continue;
            }

            EvictStream(map.Count, docBudget, tail, queryAware ? suffix : null, cancellationToken);
            if (!last && plan.ClosePositionGaps)
            {
                KvCacheEditor.ClosePositionGaps(context, plan.Sequence, map);
            }
        }

        float[]? logits = null;
        if (keepSuffix)
        {
            logits = AppendSuffix(suffix, docBudget, cancellationToken);
        }

        if (context.TensorObserver is not null)
        {
            context.TensorObserver = null;
        }

        KvCacheEditor.CheckInStep(context, plan.Sequence, map);
        return new ReadOutcome(map, stream.Length + suffix.Length, peak, rounds, prefillClock.Elapsed.TotalMilliseconds, prefillTokens,
            scoringClock.Elapsed.TotalMilliseconds, evictedIn, lastScore, logits, keepSuffix);
    }

    private void Prefill(int[] stream, int offset, int end, bool captureWindow, CancellationToken ct)
    {
        prefillClock.Start();
        var everyRow = plan.Policy is EvictionPolicy.H2O or EvictionPolicy.Frequency;
        var step = everyRow ? Math.Min(plan.CaptureRows, context.BatchSize) : context.BatchSize;
        var windowStart = captureWindow ? Math.Max(offset, end - plan.Window) : int.MaxValue;
        using var batch = LlamaBatch.ForTokens(Math.Min(step, end - offset));
        var appended = new List<CellEntry>(step);
        for (var i = offset; i < end;)
        {
            var stop = Math.Min(end, i + step);
            if (i < windowStart && stop > windowStart)
            {
                stop = windowStart;
            }

            batch.Clear();
            appended.Clear();
            for (var j = i; j < stop; j++)
            {
                var entry = map.Append(stream[j], j, j < head);
                appended.Add(entry);
                batch.Add(entry.Token, entry.Position, plan.Sequence, false);
            }

            if (attention is not null && (everyRow || i >= windowStart))
            {
                if (everyRow || i == windowStart)
                {
                    attention.Reset(map.CellSpan + (end - stop));
                }

                attention.Active = true;
            }

            frequency?.BeginBatch(appended, end - plan.Window);
            context.Decode(batch, ct);
            if (attention is not null && everyRow)
            {
                // H2O: attention received accumulates over every query row ever decoded.
                foreach (var entry in map.Entries)
                {
                    entry.Accumulated += attention.CellScores[entry.Cell];
                }
            }

            if (attention is not null)
            {
                attention.Active = false;
            }

            i = stop;
        }

        prefillTokens += end - offset;
        prefillClock.Stop();
    }

    private void EvictStream(int count, int keep, int tail, int[]? temporarySuffix, CancellationToken ct)
    {
        scoringClock.Start();
        var scores = Score(count, temporarySuffix, ct);
        var constraints = new KeepConstraints(count, keep, Math.Min(head, count), tail);
        var chosen = KeepSets.Select(plan.Policy, scores, constraints, plan.Seed + rounds);
        Evict(chosen, scores, count);
        scoringClock.Stop();
    }

    private float[] Score(int count, int[]? temporarySuffix, CancellationToken ct)
    {
        var entries = map.Entries;
        switch (plan.Policy)
        {
            case EvictionPolicy.SnapKv:
                if (temporarySuffix is not null)
                {
                    var start = map.NextPosition;
                    attention!.Reset(map.CellSpan + temporarySuffix.Length);
                    attention.Active = true;
                    DecodeAfter(temporarySuffix, start, wantLogits: false, ct);
                    attention.Active = false;
                    peak = Math.Max(peak, map.Count + temporarySuffix.Length);
                    if (!context.RemoveTokens(plan.Sequence, start, -1))
                    {
                        throw EvictionErrors.RemoveRefused(start, -1);
                    }
                }

                return [.. entries.Take(count).Select(e => (float)attention!.CellScores[e.Cell])];
            case EvictionPolicy.H2O:
                return [.. entries.Take(count).Select(e => (float)e.Accumulated)];
            case EvictionPolicy.Frequency:
                return frequency!.Score(entries, count);
            default:
                return new float[count];
        }
    }

    private void Evict(int[] chosen, float[] scores, int count)
    {
        var entries = map.Entries;
        var kept = new HashSet<int>(chosen);
        var gone = new List<int>();
        for (var i = 0; i < count; i++)
        {
            lastScore[entries[i].Source] = scores[i];
            if (!kept.Contains(i))
            {
                evictedIn[entries[i].Source] = rounds;
                gone.Add(entries[i].Source);
            }
        }

        int[] keepAll = [.. chosen, .. Enumerable.Range(count, map.Count - count)];
        KvCacheEditor.EvictAndCompact(context, plan.Sequence, map, keepAll);
        frequency?.Forget(gone);
        rounds++;
    }

    private float[]? AppendSuffix(int[] suffix, int docBudget, CancellationToken ct)
    {
        var count = map.Count;
        attention!.Reset(map.CellSpan + suffix.Length);
        attention.Active = true;
        foreach (var token in suffix)
        {
            map.Append(token, -1, isProtected: true);
        }

        var logits = DecodeAfter(suffix, map.Entries[count].Position, wantLogits: true, ct);
        attention.Active = false;
        peak = Math.Max(peak, map.Count);
        if (count > docBudget)
        {
            scoringClock.Start();
            var scores = map.Entries.Take(count).Select(e => (float)attention.CellScores[e.Cell]).ToArray();
            var chosen = KeepSets.Select(plan.Policy, scores, new KeepConstraints(count, docBudget, Math.Min(head, count)), plan.Seed + rounds);
            Evict(chosen, scores, count);
            scoringClock.Stop();
        }

        return logits;
    }

    /// <summary>Decodes tokens at consecutive positions from <paramref name="start"/>; returns the last logits when asked.</summary>
    private float[]? DecodeAfter(int[] tokens, int start, bool wantLogits, CancellationToken ct)
    {
        using var batch = LlamaBatch.ForTokens(Math.Min(context.BatchSize, tokens.Length));
        float[]? logits = null;
        for (var i = 0; i < tokens.Length; i += context.BatchSize)
        {
            batch.Clear();
            var stop = Math.Min(tokens.Length, i + context.BatchSize);
            for (var j = i; j < stop; j++)
            {
                batch.Add(tokens[j], start + j, plan.Sequence, wantLogits && j == tokens.Length - 1);
            }

            context.Decode(batch, ct);
        }

        if (wantLogits)
        {
            logits = context.GetLogits(-1).ToArray();
        }

        return logits;
    }
}
