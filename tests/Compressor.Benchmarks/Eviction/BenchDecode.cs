using System.Diagnostics;
using Compressor.Native;

namespace Compressor.Benchmarks.Eviction;

/// <summary>Decode helpers shared by the eviction benchmarks (sequence 0, batches of at most the context's batch size).</summary>
internal static class BenchDecode
{
    /// <summary>Prefills <paramref name="tokens"/> at positions from <paramref name="start"/>; returns milliseconds.</summary>
    public static double Prefill(LlamaContext context, ReadOnlySpan<int> tokens, int start = 0)
    {
        var clock = Stopwatch.StartNew();
        using var batch = LlamaBatch.ForTokens(Math.Max(1, Math.Min(context.BatchSize, tokens.Length)));
        for (var i = 0; i < tokens.Length; i += context.BatchSize)
        {
            batch.Clear();
            var end = Math.Min(tokens.Length, i + context.BatchSize);
            for (var j = i; j < end; j++)
            {
                batch.Add(tokens[j], start + j, 0, j == tokens.Length - 1);
            }

            context.Decode(batch);
        }

        return clock.Elapsed.TotalMilliseconds;
    }

    /// <summary>Decodes <paramref name="tokens"/> one at a time from <paramref name="start"/> (teacher forcing); the logits after each when asked.</summary>
    public static (double Ms, List<float[]> Logits) Step(LlamaContext context, ReadOnlySpan<int> tokens, int start, bool keepLogits)
    {
        var logits = new List<float[]>();
        using var batch = LlamaBatch.ForTokens(1);
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < tokens.Length; i++)
        {
            batch.Clear();
            batch.Add(tokens[i], start + i, 0, true);
            context.Decode(batch);
            var row = context.GetLogits(-1);
            if (keepLogits)
            {
                logits.Add(row.ToArray());
            }
        }

        return (clock.Elapsed.TotalMilliseconds, logits);
    }

    /// <summary>KL(P || Q) of the softmax distributions of two logit rows.</summary>
    public static double KlDivergence(ReadOnlySpan<float> p, ReadOnlySpan<float> q)
    {
        var (lp, lq) = (LogSoftmax(p), LogSoftmax(q));
        var kl = 0.0;
        for (var i = 0; i < lp.Length; i++)
        {
            kl += Math.Exp(lp[i]) * (lp[i] - lq[i]);
        }

        return Math.Max(0, kl);
    }

    private static double[] LogSoftmax(ReadOnlySpan<float> logits)
    {
        var max = double.NegativeInfinity;
        foreach (var x in logits)
        {
            max = Math.Max(max, x);
        }

        var sum = 0.0;
        foreach (var x in logits)
        {
            sum += Math.Exp(x - max);
        }

        var log = max + Math.Log(sum);
        var result = new double[logits.Length];
        for (var i = 0; i < logits.Length; i++)
        {
            result[i] = logits[i] - log;
        }

        return result;
    }
}
