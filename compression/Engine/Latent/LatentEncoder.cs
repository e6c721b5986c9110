using Compressor.Engine.Errors;
using Compressor.Native;

namespace Compressor.Engine.Latent;

/// <summary>
/// The encoder half of C3: for each block, decode its text tokens (then the optional marker), then
/// the adapter's L query embeddings as an embedding batch; the last hidden states (after the final
/// norm) at those L positions, projected, are the block's latents. Blocks run as parallel sequences
/// of one context, as many per round as its sequences and cells allow.
/// </summary>
public static class LatentEncoder
{
    /// <summary>
    /// Encodes <paramref name="blocks"/> (token arrays) with <paramref name="context"/>, which must have
    /// embeddings on and no pooling, and an empty cache. Returns per block QueryCount x DecoderHiddenSize floats.
    /// </summary>
    public static float[][] Encode(LlamaContext context, LatentAdapter adapter, IReadOnlyList<int[]> blocks, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(adapter);
        ArgumentNullException.ThrowIfNull(blocks);
        if (context.Model.EmbeddingSize != adapter.EncoderHiddenSize)
        {
            throw new ArgumentException($"the encoder's hidden size is {context.Model.EmbeddingSize}, the adapter's queries have {adapter.EncoderHiddenSize}", nameof(context));
        }

        var results = new float[blocks.Count][];
        if (blocks.Count == 0)
        {
            return results;
        }

        var marker = adapter.EncoderLatentStart >= 0 ? 1 : 0;
        var cellsPerBlock = blocks.Max(b => b.Length) + marker + adapter.QueryCount;
        if (cellsPerBlock > context.ContextSize)
        {
            throw EngineErrors.PromptTooLong(cellsPerBlock, context.ContextSize, "options.blockSize");
        }

        var perRound = Math.Max(1, Math.Min(context.SequenceCount, context.ContextSize / cellsPerBlock));
        using var tokens = LlamaBatch.ForTokens(context.BatchSize);
        using var queries = LlamaBatch.ForEmbeddings(Math.Min(context.BatchSize, perRound * adapter.QueryCount), adapter.EncoderHiddenSize);
        try
        {
            for (var first = 0; first < blocks.Count; first += perRound)
            {
                var count = Math.Min(perRound, blocks.Count - first);
                context.ClearMemory();
                // Embeddings off for the text: with them on, llama.cpp makes every position an output
                // and computes hidden states and logits for all of them (a quarter of the work again).
                context.SetEmbeddings(false);
                PrefillText(context, tokens, adapter, blocks, first, count, cancellationToken);
                context.SetEmbeddings(true);
                DecodeQueries(context, queries, adapter, blocks, first, count, results, cancellationToken);
            }
        }
        catch (LlamaException e)
        {
            throw EngineErrors.FromNative(e);
        }
        finally
        {
            context.SetEmbeddings(true);
            context.ClearMemory();
        }

        return results;
    }

    private static void PrefillText(LlamaContext context, LlamaBatch batch, LatentAdapter adapter, IReadOnlyList<int[]> blocks,
        int first, int count, CancellationToken ct)
    {
        batch.Clear();
        for (var s = 0; s < count; s++)
        {
            var block = blocks[first + s];
            var length = block.Length + (adapter.EncoderLatentStart >= 0 ? 1 : 0);
            for (var i = 0; i < length; i++)
            {
                if (batch.Count == batch.Capacity)
                {
                    context.Decode(batch, ct);
                    batch.Clear();
                }

                // Hidden states of text positions are not needed: no outputs here.
                batch.Add(i < block.Length ? block[i] : adapter.EncoderLatentStart, i, s, false);
            }
        }

        if (batch.Count > 0)
        {
            context.Decode(batch, ct);
            batch.Clear();
        }
    }

    private static void DecodeQueries(LlamaContext context, LlamaBatch batch, LatentAdapter adapter, IReadOnlyList<int[]> blocks,
        int first, int count, float[][] results, CancellationToken ct)
    {
        var l = adapter.QueryCount;
        var h = adapter.EncoderHiddenSize;
        var outSize = adapter.DecoderHiddenSize;
        var pending = new List<(int Block, int Query)>();
        batch.Clear();
        for (var s = 0; s < count; s++)
        {
            var block = first + s;
            results[block] = new float[l * outSize];
            var start = blocks[block].Length + (adapter.EncoderLatentStart >= 0 ? 1 : 0);
            for (var q = 0; q < l; q++)
            {
                if (batch.Count == batch.Capacity)
                {
                    Flush(context, batch, adapter, pending, results, ct);
                }

                batch.AddEmbedding(adapter.Queries.AsSpan(q * h, h), start + q, s, true);
                pending.Add((block, q));
            }
        }

        if (batch.Count > 0)
        {
            Flush(context, batch, adapter, pending, results, ct);
        }
    }

    private static void Flush(LlamaContext context, LlamaBatch batch, LatentAdapter adapter, List<(int Block, int Query)> pending,
        float[][] results, CancellationToken ct)
    {
        context.Decode(batch, ct);
        var (inSize, outSize) = (adapter.Projector.InputSize, adapter.DecoderHiddenSize);
        var hidden = new float[pending.Count * inSize];
        for (var i = 0; i < pending.Count; i++)
        {
            context.GetEmbeddings(i).CopyTo(hidden.AsSpan(i * inSize, inSize));
        }

        // All the batch's queries at once: each weight row is read once per tile, not once per query.
        var projected = new float[pending.Count * outSize];
        adapter.Projector.ProjectMany(hidden, projected, pending.Count);
        for (var i = 0; i < pending.Count; i++)
        {
            var (block, q) = pending[i];
            projected.AsSpan(i * outSize, outSize).CopyTo(results[block].AsSpan(q * outSize, outSize));
        }

        pending.Clear();
        batch.Clear();
    }
}
