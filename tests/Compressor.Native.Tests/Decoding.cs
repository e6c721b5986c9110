namespace Compressor.Native.Tests;

/// <summary>Small helpers the tests use to drive a context.</summary>
internal static class Decoding
{
    /// <summary>Decodes <paramref name="tokens"/> at positions from <paramref name="start"/> in <paramref name="sequence"/>; logits for the last.</summary>
    public static void Prefill(LlamaContext context, IReadOnlyList<int> tokens, int start = 0, int sequence = 0, CancellationToken ct = default)
    {
        using var batch = LlamaBatch.ForTokens(Math.Max(1, tokens.Count));
        for (var i = 0; i < tokens.Count; i++)
        {
            batch.Add(tokens[i], start + i, sequence, i == tokens.Count - 1);
        }

        context.Decode(batch, ct);
    }

    public static int ArgMax(ReadOnlySpan<float> values)
    {
        var best = 0;
        for (var i = 1; i < values.Length; i++)
        {
            if (values[i] > values[best])
            {
                best = i;
            }
        }

        return best;
    }

    /// <summary>Greedy continuation of what is in the cache (the last logits), <paramref name="count"/> tokens.</summary>
    public static List<int> Greedy(LlamaContext context, int nextPosition, int count, int sequence = 0)
    {
        var output = new List<int>();
        using var batch = LlamaBatch.ForTokens(1);
        for (var i = 0; i < count; i++)
        {
            var token = ArgMax(context.GetLogits(-1));
            output.Add(token);
            batch.Clear();
            batch.Add(token, nextPosition++, sequence, true);
            context.Decode(batch);
        }

        return output;
    }

    public static float MaxAbsDifference(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        var max = 0f;
        for (var i = 0; i < a.Length; i++)
        {
            max = Math.Max(max, Math.Abs(a[i] - b[i]));
        }

        return max;
    }
}
