using System.Collections.Concurrent;
using Compressor.Native;

namespace Compressor.Engine.Eviction;

/// <summary>
/// Finds each head's dominant RoPE chunks once per model (FASA: a small, task-independent set):
/// decode a fixed calibration text with Q/K capture, rank chunks by mean |q_c| x mean |k_c| (the
/// bound on their share of q.k), keep the top quarter. Cached in memory and in a store.
/// </summary>
public static class FrequencyCalibrator
{
    private const string CalibrationText =
        "The river town woke slowly. Fishermen checked their nets while the baker counted loaves, and children ran " +
        "along the harbour wall shouting the names of boats. In the library an old clerk sorted letters by date, " +
        "reading each address twice before filing it. Later that morning a storm rolled in from the west; the market " +
        "closed early, the ferry waited at the pier, and everyone agreed that the lighthouse keeper had been right again. " +
        "Numbers matter too: 17 crates, 42 barrels, 3 carts and 1,250 coins changed hands before noon.";

    private static readonly ConcurrentDictionary<string, FrequencyCalibration> Memory = new(StringComparer.Ordinal);

    public static FrequencyCalibration GetOrCalibrate(LlamaContext context, string fingerprint, IFrequencyCalibrationStore? store, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (Memory.TryGetValue(fingerprint, out var known))
        {
            return known;
        }

        var loaded = store?.Load(context.Model.Path, fingerprint);
        if (loaded is null)
        {
            loaded = Calibrate(context, fingerprint, cancellationToken);
            store?.Save(context.Model.Path, loaded);
        }

        return Memory.GetOrAdd(fingerprint, loaded);
    }

    /// <summary>Runs the calibration pass in <paramref name="context"/> (a capture context; its cache is cleared before and after).</summary>
    public static FrequencyCalibration Calibrate(LlamaContext context, string fingerprint, CancellationToken cancellationToken, int? dominantPerHead = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        var model = context.Model;
        var (headDim, rot, freqBase, neox) = FrequencyCalibration.Layout(model);
        var capture = new ChunkMagnitudeCapture(model.LayerCount, model.HeadCount, model.HeadCountKv, headDim, rot, neox);
        var tokens = model.Vocab.Tokenize(CalibrationText, addSpecial: model.Vocab.AddsBos);
        tokens = [.. tokens.Take(Math.Min(tokens.Length, Math.Min(context.BatchSize, context.ContextSize - 1)))];
        var previous = context.TensorObserver;
        context.ClearMemory();
        context.TensorObserver = capture;
        try
        {
            using var batch = LlamaBatch.ForTokens(tokens.Length);
            for (var i = 0; i < tokens.Length; i++)
            {
                batch.Add(tokens[i], i, 0, false);
            }

            context.Decode(batch, cancellationToken);
        }
        finally
        {
            context.TensorObserver = previous;
            context.ClearMemory();
        }

        var chunks = rot / 2;
        var keep = Math.Clamp(dominantPerHead ?? Math.Max(2, chunks / 4), 1, chunks);
        var group = model.HeadCount / model.HeadCountKv;
        var dominant = new int[model.LayerCount][][];
        for (var l = 0; l < model.LayerCount; l++)
        {
            dominant[l] = new int[model.HeadCount][];
            for (var h = 0; h < model.HeadCount; h++)
            {
                var layer = l;
                var head = h;
                dominant[l][h] = [.. Enumerable.Range(0, chunks)
                    .OrderByDescending(c => capture.Q[layer, head, c] * capture.K[layer, head / group, c]).ThenBy(c => c)
                    .Take(keep).Order()];
            }
        }

        return new FrequencyCalibration
        {
            ModelFingerprint = fingerprint,
            HeadDimension = headDim,
            HeadCount = model.HeadCount,
            HeadCountKv = model.HeadCountKv,
            RotaryDimensions = rot,
            FrequencyBase = freqBase,
            Neox = neox,
            Layers = [.. Enumerable.Range(0, model.LayerCount)],
            Dominant = dominant,
        };
    }
}
