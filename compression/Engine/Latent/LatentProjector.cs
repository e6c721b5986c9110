using System.Numerics;
using System.Runtime.InteropServices;

namespace Compressor.Engine.Latent;

/// <summary>
/// Maps encoder hidden states into the decoder's input-embedding space: one linear layer (C3's
/// mm_projector) or a small MLP with an activation between layers, on the CPU with
/// <see cref="Vector{T}"/>. <see cref="ProjectMany"/> takes a whole batch of queries: each weight row
/// is read once per tile of queries rather than once per query (a 2048 x 896 layer is 7 MB, more than
/// the caches hold), which made the projection, not the prefill, the encoder's cost on a GPU.
/// </summary>
public sealed class LatentProjector
{
    public LatentProjector(IReadOnlyList<LatentProjectorLayer> layers, LatentActivation activation)
    {
        ArgumentNullException.ThrowIfNull(layers);
        if (layers.Count == 0)
        {
            throw new ArgumentException("a projector needs at least one layer", nameof(layers));
        }

        for (var i = 0; i < layers.Count; i++)
        {
            if (layers[i].Check() is { } problem)
            {
                throw new ArgumentException($"projector layer {i}: {problem}", nameof(layers));
            }

            if (i > 0 && layers[i].InputSize != layers[i - 1].OutputSize)
            {
                throw new ArgumentException($"projector layer {i} takes {layers[i].InputSize} values but layer {i - 1} gives {layers[i - 1].OutputSize}", nameof(layers));
            }
        }

        Layers = layers;
        Activation = activation;
    }

    public IReadOnlyList<LatentProjectorLayer> Layers { get; }

    public LatentActivation Activation { get; }

    public int InputSize => Layers[0].InputSize;

    public int OutputSize => Layers[^1].OutputSize;

    /// <summary>Projects one vector of <see cref="InputSize"/> values into <paramref name="output"/> (<see cref="OutputSize"/> values).</summary>
    public void Project(ReadOnlySpan<float> input, Span<float> output)
    {
        if (input.Length != InputSize || output.Length != OutputSize)
        {
            throw new ArgumentException($"projector maps {InputSize} -> {OutputSize} values, got {input.Length} -> {output.Length}");
        }

        ProjectMany(input, output, 1);
    }

    /// <summary>
    /// Projects <paramref name="count"/> vectors stored one after another in <paramref name="inputs"/>
    /// into <paramref name="outputs"/> (same order); each result is bit-identical to <see cref="Project"/>'s.
    /// </summary>
    public void ProjectMany(ReadOnlySpan<float> inputs, Span<float> outputs, int count)
    {
        if (count < 0 || inputs.Length != count * InputSize || outputs.Length != count * OutputSize)
        {
            throw new ArgumentException($"projector maps {count} x {InputSize} -> {count} x {OutputSize} values, got {inputs.Length} -> {outputs.Length}");
        }

        var current = inputs.ToArray();
        for (var l = 0; l < Layers.Count; l++)
        {
            var next = new float[count * Layers[l].OutputSize];
            AffineMany(Layers[l], current, next, count);
            if (l < Layers.Count - 1)
            {
                Activate(next);
            }

            current = next;
        }

        current.CopyTo(outputs);
    }

    /// <summary>Multiply-adds above which a layer's output rows are split over the thread pool (each result is still one <see cref="Dot"/>).</summary>
    private const long ParallelWork = 4L << 20;

    private const int RowsPerTask = 64;

    /// <summary>Query rows per tile: their inputs stay in the cache while every weight row passes over them.</summary>
    private static int TileOf(int inputSize) => Math.Max(1, (256 * 1024) / (inputSize * sizeof(float)));

    private static void AffineMany(LatentProjectorLayer layer, float[] x, float[] y, int count)
    {
        var (n, m) = (layer.InputSize, layer.OutputSize);
        var tile = TileOf(n);
        var chunks = (m + RowsPerTask - 1) / RowsPerTask;
        for (var q0 = 0; q0 < count; q0 += tile)
        {
            var q1 = Math.Min(count, q0 + tile);
            if ((long)(q1 - q0) * n * m < ParallelWork)
            {
                Rows(layer, x, y, q0, q1, 0, m);
                continue;
            }

            var first = q0;
            Parallel.For(0, chunks, c => Rows(layer, x, y, first, q1, c * RowsPerTask, Math.Min(m, (c + 1) * RowsPerTask)));
        }
    }

    /// <summary>Output rows [o0, o1) of queries [q0, q1): each weight row stays in the cache while the tile's queries pass over it.</summary>
    private static void Rows(LatentProjectorLayer layer, float[] x, float[] y, int q0, int q1, int o0, int o1)
    {
        var (n, m) = (layer.InputSize, layer.OutputSize);
        var w = layer.Weight.AsSpan();
        for (var o = o0; o < o1; o++)
        {
            var row = w.Slice(o * n, n);
            var bias = layer.Bias?[o];
            for (var q = q0; q < q1; q++)
            {
                var dot = Dot(row, x.AsSpan(q * n, n));
                y[(q * m) + o] = bias is { } b ? dot + b : dot;
            }
        }
    }

    internal static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        var sum = Vector<float>.Zero;
        var va = MemoryMarshal.Cast<float, Vector<float>>(a);
        var vb = MemoryMarshal.Cast<float, Vector<float>>(b);
        for (var i = 0; i < va.Length; i++)
        {
            sum += va[i] * vb[i];
        }

        var total = Vector.Sum(sum);
        for (var i = va.Length * Vector<float>.Count; i < a.Length; i++)
        {
            total += a[i] * b[i];
        }

        return total;
    }

    private void Activate(Span<float> values)
    {
        if (Activation != LatentActivation.Gelu)
        {
            return;
        }

        for (var i = 0; i < values.Length; i++)
        {
            values[i] = Gelu(values[i]);
        }
    }

    /// <summary>x * Phi(x) with erf from Abramowitz-Stegun 7.1.26 (error below 1.5e-7).</summary>
    public static float Gelu(float x)
    {
        var z = x / MathF.Sqrt(2f);
        var sign = MathF.Sign(z);
        var a = MathF.Abs(z);
        var t = 1f / (1f + 0.3275911f * a);
        var poly = t * (0.254829592f + t * (-0.284496736f + t * (1.421413741f + t * (-1.453152027f + t * 1.061405429f))));
        var erf = sign * (1f - poly * MathF.Exp(-a * a));
        return 0.5f * x * (1f + erf);
    }
}
