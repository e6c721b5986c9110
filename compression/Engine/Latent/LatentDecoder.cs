using Compressor.Engine.Errors;
using Compressor.Engine.Generation;
using Compressor.Native;

namespace Compressor.Engine.Latent;

/// <summary>
/// The decoder half: prefill each prompt (token runs as token batches, latents as embedding
/// batches) in its own sequence, then generate all sequences together one token per step.
/// Sequences run in rounds that fit the context's sequences and cells.
/// </summary>
public static class LatentDecoder
{
    public static LatentDecodeResult[] Generate(LlamaContext context, IReadOnlyList<LatentPrompt> prompts, LatentDecodeSettings settings,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(prompts);
        ArgumentNullException.ThrowIfNull(settings);
        var results = new LatentDecodeResult[prompts.Count];
        if (prompts.Count == 0)
        {
            return results;
        }

        var longest = prompts.Max(p => p.Length);
        if (longest >= context.ContextSize)
        {
            throw EngineErrors.PromptTooLong(longest, context.ContextSize - 1, "latents");
        }

        var perRound = Math.Max(1, Math.Min(context.SequenceCount, context.ContextSize / (longest + Math.Max(1, settings.MaxTokens))));
        try
        {
            for (var first = 0; first < prompts.Count; first += perRound)
            {
                var states = Enumerable.Range(first, Math.Min(perRound, prompts.Count - first))
                    .Select(i => new DecodeState(i - first, prompts[i], settings)).ToArray();
                context.ClearMemory();
                Run(context, states, cancellationToken);
                foreach (var s in states)
                {
                    results[first + s.Sequence] = s.ToResult();
                }
            }
        }
        catch (LlamaException e)
        {
            throw EngineErrors.FromNative(e);
        }
        finally
        {
            context.ClearMemory();
        }

        return results;
    }

    private static void Run(LlamaContext context, DecodeState[] states, CancellationToken ct)
    {
        var vocab = context.Model.Vocab;
        foreach (var state in states)
        {
            var lastIndex = Prefill(context, state.Sequence, state.Prompt, ct);
            state.Choose(context.GetLogits(lastIndex), vocab);
        }

        using var batch = LlamaBatch.ForTokens(Math.Max(1, states.Length));
        var live = new List<DecodeState>();
        while (true)
        {
            batch.Clear();
            live.Clear();
            foreach (var state in states.Where(s => !s.Done))
            {
                batch.Add(state.Pending, state.Position++, state.Sequence, true);
                live.Add(state);
            }

            if (live.Count == 0)
            {
                return;
            }

            try
            {
                context.Decode(batch, ct);
            }
            catch (LlamaException e) when (e.Code == LlamaErrorCode.NoKvSlot)
            {
                foreach (var state in live)
                {
                    state.Finish(FinishReason.Length);
                }

                return;
            }

            for (var i = 0; i < live.Count; i++)
            {
                live[i].Choose(context.GetLogits(i), vocab);
            }
        }
    }

    /// <summary>Decodes the prompt into <paramref name="sequence"/>; returns the batch index of its last position (the only output).</summary>
    private static int Prefill(LlamaContext context, int sequence, LatentPrompt prompt, CancellationToken ct)
    {
        var position = 0;
        var total = prompt.Length;
        var lastIndex = -1;
        foreach (var part in prompt.Parts)
        {
            var hidden = part.IsEmbeddings ? part.Vectors!.Length / part.Length : 0;
            for (var offset = 0; offset < part.Length; offset += context.BatchSize)
            {
                var count = Math.Min(context.BatchSize, part.Length - offset);
                using var batch = part.IsEmbeddings ? LlamaBatch.ForEmbeddings(count, hidden) : LlamaBatch.ForTokens(count);
                for (var i = 0; i < count; i++)
                {
                    var isLast = position == total - 1;
                    if (part.IsEmbeddings)
                    {
                        batch.AddEmbedding(part.Vectors.AsSpan((offset + i) * hidden, hidden), position, sequence, isLast);
                    }
                    else
                    {
                        batch.Add(part.Tokens![offset + i], position, sequence, isLast);
                    }

                    if (isLast)
                    {
                        lastIndex = i;
                    }

                    position++;
                }

                context.Decode(batch, ct);
            }
        }

        return lastIndex;
    }
}
