using System.Buffers.Text;
using Compressor.Native.Capture;

namespace Compressor.Engine.Eviction;

/// <summary>
/// Sums the attention each KV cell receives from the rows being decoded while <see cref="Active"/>,
/// averaged over heads and the chosen layers, from <c>kq_soft_max-&lt;layer&gt;</c> (F32,
/// ne = [n_kv, n_tokens, n_head]; dim 0 indexes cells). Only the rows decoded while active are
/// seen, so callers decode just the observation window (or small sub-batches) with it on; one
/// reusable buffer holds a layer's weights at a time.
/// </summary>
public sealed class AttentionCapture(int layerCount, IReadOnlyCollection<int>? layers = null) : ITensorObserver
{
    private static readonly byte[] Prefix = "kq_soft_max-"u8.ToArray();
    private readonly bool[] wanted = Wanted(layerCount, layers);
    private float[] buffer = [];
    private double[] sums = [];

    public bool Active { get; set; }

    /// <summary>Query rows seen since <see cref="Reset"/> (per layer).</summary>
    public int Rows { get; private set; }

    /// <summary>Largest tensor copied so far, in bytes (memory check).</summary>
    public long PeakTensorBytes { get; private set; }

    /// <summary>Attention mass per cell since <see cref="Reset"/>: summed over rows, averaged over heads and layers.</summary>
    public ReadOnlySpan<double> CellScores => sums;

    public void Reset(int cells)
    {
        if (sums.Length < cells)
        {
            sums = new double[cells];
        }
        else
        {
            Array.Clear(sums);
        }

        Rows = 0;
    }

    public bool Wants(ReadOnlySpan<byte> nameUtf8) =>
        Active && nameUtf8.StartsWith(Prefix) && Utf8Parser.TryParse(nameUtf8[Prefix.Length..], out int layer, out var used) &&
        used == nameUtf8.Length - Prefix.Length && (uint)layer < (uint)wanted.Length && wanted[layer];

    public void OnTensor(in TensorView tensor)
    {
        var (cells, rows, heads) = ((int)tensor.Ne(0), (int)tensor.Ne(1), (int)tensor.Ne(2) * (int)tensor.Ne(3));
        var count = (int)tensor.ElementCount;
        if (buffer.Length < count)
        {
            buffer = new float[count];
        }

        PeakTensorBytes = Math.Max(PeakTensorBytes, count * 4L);
        tensor.CopyTo(buffer);
        var width = Math.Min(cells, sums.Length);
        var weight = 1.0 / (heads * LayersUsed);
        for (var r = 0; r < rows * heads; r++)
        {
            var row = buffer.AsSpan(r * cells, width);
            for (var c = 0; c < row.Length; c++)
            {
                sums[c] += row[c] * weight;
            }
        }

        if (tensor.Name.EndsWith("-" + FirstLayer, StringComparison.Ordinal))
        {
            Rows += rows;
        }
    }

    private int LayersUsed => wanted.Count(w => w);

    private int FirstLayer => Array.IndexOf(wanted, true);

    private static bool[] Wanted(int layerCount, IReadOnlyCollection<int>? layers)
    {
        var wanted = new bool[layerCount];
        foreach (var layer in layers is { Count: > 0 } ? layers : Enumerable.Range(0, layerCount))
        {
            if ((uint)layer >= (uint)layerCount)
            {
                throw EvictionErrors.InvalidSetting($"layer {layer} does not exist (the model has {layerCount})", "context.layers");
            }

            wanted[layer] = true;
        }

        return wanted;
    }
}
