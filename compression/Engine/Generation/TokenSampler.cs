namespace Compressor.Engine.Generation;

/// <summary>
/// Unconstrained next-token sampling: greedy, or temperature with optional top-p, reproducible for a
/// seed. The Gumbel-max trick samples in one pass without sorting the vocabulary when top-p is 1.
/// </summary>
public sealed class TokenSampler(SamplingSettings settings)
{
    private readonly Random random = new(settings.Seed);
    private float[] scratch = [];

    public SamplingSettings Settings { get; } = settings;

    public int Sample(ReadOnlySpan<float> logits)
    {
        if (Settings.IsGreedy)
        {
            return ArgMax(logits);
        }

        var inverseT = 1f / Settings.Temperature;
        if (Settings.TopP >= 1f)
        {
            var best = 0;
            var bestScore = double.NegativeInfinity;
            for (var i = 0; i < logits.Length; i++)
            {
                if (float.IsNegativeInfinity(logits[i]))
                {
                    continue;
                }

                var score = logits[i] * inverseT + Gumbel();
                if (score > bestScore)
                {
                    bestScore = score;
                    best = i;
                }
            }

            return best;
        }

        return SampleTopP(logits, inverseT);
    }

    public static int ArgMax(ReadOnlySpan<float> logits)
    {
        var best = 0;
        for (var i = 1; i < logits.Length; i++)
        {
            if (logits[i] > logits[best])
            {
                best = i;
            }
        }

        return best;
    }

    private int SampleTopP(ReadOnlySpan<float> logits, float inverseT)
    {
        if (scratch.Length != logits.Length)
        {
            scratch = new float[logits.Length];
        }

        var max = logits[ArgMax(logits)] * inverseT;
        double total = 0;
        for (var i = 0; i < logits.Length; i++)
        {
            var p = MathF.Exp(logits[i] * inverseT - max);
            scratch[i] = p;
            total += p;
        }

        // Grow a candidate set of the most probable tokens until it holds top_p of the mass.
        var order = new List<int>();
        var k = 64;
        double mass = 0;
        while (true)
        {
            order = TopK(scratch, Math.Min(k, scratch.Length));
            mass = 0;
            var cut = order.Count;
            for (var i = 0; i < order.Count; i++)
            {
                mass += scratch[order[i]];
                if (mass >= Settings.TopP * total)
                {
                    cut = i + 1;
                    break;
                }
            }

            if (mass >= Settings.TopP * total || order.Count == scratch.Length)
            {
                order.RemoveRange(cut, order.Count - cut);
                break;
            }

            k *= 4;
        }

        var kept = 0.0;
        foreach (var t in order)
        {
            kept += scratch[t];
        }

        var u = random.NextDouble() * kept;
        foreach (var t in order)
        {
            u -= scratch[t];
            if (u <= 0)
            {
                return t;
            }
        }

        return order[^1];
    }

    private static List<int> TopK(float[] values, int k)
    {
        var heap = new PriorityQueue<int, float>(k + 1);
        for (var i = 0; i < values.Length; i++)
        {
            if (heap.Count < k)
            {
                heap.Enqueue(i, values[i]);
            }
            else if (values[i] > values[heap.Peek()])
            {
                heap.DequeueEnqueue(i, values[i]);
            }
        }

        var result = new List<int>(heap.Count);
        while (heap.Count > 0)
        {
            result.Add(heap.Dequeue());
        }

        result.Reverse();
        return result;
    }

    private double Gumbel() => -Math.Log(-Math.Log(random.NextDouble() * (1 - 1e-12) + 1e-12));
}
