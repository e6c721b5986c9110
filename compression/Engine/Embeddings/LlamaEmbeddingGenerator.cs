using Compressor.Engine.Models;
using Compressor.Engine.Scheduling;
using Compressor.Native;
using Microsoft.Extensions.AI;

namespace Compressor.Engine.Embeddings;

/// <summary>
/// Sentence embeddings from a local model: mean-pooled last hidden states, L2-normalised. Several
/// texts share one decode as separate sequences. Texts longer than a sequence's share of the
/// context are truncated (embeddings are used for similarity, where the start carries the topic).
/// </summary>
public sealed class LlamaEmbeddingGenerator(ModelRegistry registry, string? modelId) : IEmbeddingGenerator<string, Embedding<float>>
{
    public async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        var texts = values.ToList();
        using var handle = await registry.AcquireAsync(options?.ModelId ?? modelId, cancellationToken).ConfigureAwait(false);
        using var lease = await handle.RentAsync(ContextProfile.Embedding, cancellationToken).ConfigureAwait(false);
        var vectors = await Task.Run(() => Embed(lease.Context, texts, cancellationToken), cancellationToken).ConfigureAwait(false);
        return new GeneratedEmbeddings<Embedding<float>>(vectors.Select(v => new Embedding<float>(v) { ModelId = handle.Loaded.Id }));
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is null && serviceType.IsInstanceOfType(this) ? this : null;

    public void Dispose()
    {
        // Models belong to the registry.
    }

    private static List<float[]> Embed(LlamaContext context, List<string> texts, CancellationToken ct)
    {
        var vocab = context.Model.Vocab;
        var perSequence = Math.Max(8, Math.Min(context.BatchSize, context.ContextSize / context.SequenceCount) - 1);
        var results = new List<float[]>(texts.Count);
        using var batch = LlamaBatch.ForTokens(context.BatchSize, 1);
        var group = new List<int[]>();

        void Flush()
        {
            if (group.Count == 0)
            {
                return;
            }

            batch.Clear();
            for (var s = 0; s < group.Count; s++)
            {
                for (var i = 0; i < group[s].Length; i++)
                {
                    batch.Add(group[s][i], i, s, true);
                }
            }

            context.Decode(batch, ct);
            for (var s = 0; s < group.Count; s++)
            {
                results.Add(Normalize(context.GetSequenceEmbeddings(s)));
            }

            context.ClearMemory();
            group.Clear();
        }

        var used = 0;
        foreach (var text in texts)
        {
            var tokens = vocab.Tokenize(text.Length == 0 ? " " : text);
            if (tokens.Length > perSequence)
            {
                tokens = tokens[..perSequence];
            }

            if (group.Count == context.SequenceCount || used + tokens.Length > context.BatchSize)
            {
                Flush();
                used = 0;
            }

            group.Add(tokens);
            used += tokens.Length;
        }

        Flush();
        return results;
    }

    private static float[] Normalize(ReadOnlySpan<float> vector)
    {
        var result = vector.ToArray();
        var norm = MathF.Sqrt(result.Sum(v => v * v));
        if (norm > 0)
        {
            for (var i = 0; i < result.Length; i++)
            {
                result[i] /= norm;
            }
        }

        return result;
    }
}
