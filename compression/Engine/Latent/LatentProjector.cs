using System.Numerics;
using System.Runtime.InteropServices;

namespace Compressor.Engine.Latent;

/// <summary>
/// Maps encoder hidden states into the decoder's input-embedding space: one linear layer (C3's
/// mm_projector) or a small MLP with an activation between layers. Plain CPU mat-vec with
/// <see cref="Vector{T}"/>: 32 x 1536 x 2048 multiply-adds per block is milliseconds next to the prefill.
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

        if (Layers.Count == 1)
        {
            Affine(Layers[0], input, output);
            return;
        }

        var current = input.ToArray();
        for (var l = 0; l < Layers.Count; l++)
        {
            var last = l == Layers.Count - 1;
            var next = last ? output : new float[Layers[l].OutputSize];
            Affine(Layers[l], current, next);
            if (!last)
            {
                Activate(next);
                current = next.ToArray();
            }
        }
    }

    private static void Affine(LatentProjectorLayer layer, ReadOnlySpan<float> x, Span<float> y)
    {
        var w = layer.Weight.AsSpan();
        for (var o = 0; o < layer.OutputSize; o++)
        {
            var dot = Dot(w.Slice(o * layer.InputSize, layer.InputSize), x);
            y[o] = layer.Bias is null ? dot : dot + layer.Bias[o];
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
