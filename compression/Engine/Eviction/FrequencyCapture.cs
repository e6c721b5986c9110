using System.Text;
using Compressor.Native.Capture;

namespace Compressor.Engine.Eviction;

/// <summary>
/// The frequency policy's scorer (FASA-inspired): captures post-RoPE K of every token and Q of the
/// query rows, keeps only each head's dominant chunks, un-rotated (so position shifts after eviction
/// are re-applied exactly at scoring), and scores cached tokens by softmax(q.k / sqrt(d)) over those
/// chunks, summed over query rows, heads and layers.
/// </summary>
public sealed class FrequencyCapture : ITensorObserver
{
    /// <summary>Query rows used per scoring (the latest ones): bounds the O(tokens x rows x heads) cost.</summary>
    public const int MaxQueryRows = 8;

    private readonly FrequencyCalibration calibration;
    private readonly Dictionary<int, int> slotOfLayer = [];
    private readonly int[][][] kvUnion;
    private readonly int[][][] headIndexInUnion;
    private readonly int keyLength;
    private readonly int group;
    private readonly int maxChunks;
    private readonly Dictionary<int, float[]> keys = [];
    private readonly SortedDictionary<int, (int Position, float[] Q)> queries = [];
    private (int Source, int Position)[] rows = [];
    private int queryFrom = int.MaxValue;
    private float[] buffer = [];

    public FrequencyCapture(FrequencyCalibration calibration)
    {
        ArgumentNullException.ThrowIfNull(calibration);
        this.calibration = calibration;
        group = calibration.HeadCount / calibration.HeadCountKv;
        kvUnion = new int[calibration.Layers.Length][][];
        headIndexInUnion = new int[calibration.Layers.Length][][];
        for (var s = 0; s < calibration.Layers.Length; s++)
        {
            slotOfLayer[calibration.Layers[s]] = s;
            kvUnion[s] = [.. Enumerable.Range(0, calibration.HeadCountKv)
                .Select(kv => Enumerable.Range(kv * group, group).SelectMany(h => calibration.Dominant[s][h]).Distinct().Order().ToArray())];
            headIndexInUnion[s] = [.. Enumerable.Range(0, calibration.HeadCount)
                .Select(h => calibration.Dominant[s][h].Select(c => Array.IndexOf(kvUnion[s][h / group], c)).ToArray())];
        }

        maxChunks = calibration.Dominant.Max(l => l.Max(h => h.Length));
        keyLength = kvUnion.Sum(slot => slot.Sum(u => u.Length)) * 2;
    }

    /// <summary>Tokens with captured keys (memory check).</summary>
    public int KeyCount => keys.Count;

    /// <summary>Announces the rows of the next decode; rows with source &gt;= <paramref name="queryFromSource"/> also keep their Q.</summary>
    public void BeginBatch(IReadOnlyList<CellEntry> batchRows, int queryFromSource)
    {
        ArgumentNullException.ThrowIfNull(batchRows);
        rows = [.. batchRows.Select(e => (e.Source, e.Position))];
        queryFrom = queryFromSource;
    }

    public void Forget(IEnumerable<int> sources)
    {
        ArgumentNullException.ThrowIfNull(sources);
        foreach (var source in sources)
        {
            keys.Remove(source);
            queries.Remove(source);
        }
    }

    public bool Wants(ReadOnlySpan<byte> nameUtf8)
    {
        var (kind, layer) = RopeTensorName.Parse(nameUtf8);
        return kind != '\0' && slotOfLayer.ContainsKey(layer);
    }

    public void OnTensor(in TensorView tensor)
    {
        var name = Encoding.ASCII.GetBytes(tensor.Name);
        var (kind, layer) = RopeTensorName.Parse(name);
        var heads = (int)tensor.Ne(1);
        var hd = calibration.HeadDimension;
        if (tensor.Type != TensorView.TypeF32 || !tensor.IsContiguous || tensor.Ne(0) != hd || tensor.Ne(2) != rows.Length ||
            !slotOfLayer.TryGetValue(layer, out var slot) || heads != (kind == 'Q' ? calibration.HeadCount : calibration.HeadCountKv))
        {
            return;
        }

        if (buffer.Length < tensor.ElementCount)
        {
            buffer = new float[tensor.ElementCount];
        }

        // Both the reshaped projection and the RoPE output carry this name; the RoPE output comes later and wins.
        tensor.CopyTo(buffer);
        for (var t = 0; t < rows.Length; t++)
        {
            var (source, position) = rows[t];
            if (kind == 'K')
            {
                if (!keys.TryGetValue(source, out var feature))
                {
                    keys[source] = feature = new float[keyLength];
                }

                for (var kv = 0; kv < heads; kv++)
                {
                    var o = KeyOffset(slot, kv);
                    foreach (var c in kvUnion[slot][kv])
                    {
                        Unrotate(buffer.AsSpan((t * heads + kv) * hd, hd), c, position, feature.AsSpan(o, 2));
                        o += 2;
                    }
                }
            }
            else if (source >= queryFrom)
            {
                if (!queries.TryGetValue(source, out var q))
                {
                    q = (position, new float[calibration.Layers.Length * calibration.HeadCount * maxChunks * 2]);
                    queries[source] = q;
                }

                for (var h = 0; h < heads; h++)
                {
                    var dominant = calibration.Dominant[slot][h];
                    for (var i = 0; i < dominant.Length; i++)
                    {
                        Unrotate(buffer.AsSpan((t * heads + h) * hd, hd), dominant[i], position, q.Q.AsSpan(((slot * calibration.HeadCount + h) * maxChunks + i) * 2, 2));
                    }
                }
            }
        }
    }

    /// <summary>Scores the first <paramref name="count"/> entries against the latest query rows (then forgets the queries).</summary>
    public float[] Score(IReadOnlyList<CellEntry> entries, int count)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var scores = new double[count];
        var positionOf = entries.Take(count).ToDictionary(e => e.Source, e => e.Position);
        var queryRows = queries.Where(q => positionOf.ContainsKey(q.Key)).TakeLast(MaxQueryRows).ToList();
        var logits = new double[count];
        var scale = 1.0 / Math.Sqrt(calibration.HeadDimension);
        foreach (var (source, (_, q)) in queryRows)
        {
            var m = positionOf[source];
            for (var slot = 0; slot < calibration.Layers.Length; slot++)
            {
                for (var h = 0; h < calibration.HeadCount; h++)
                {
                    var dominant = calibration.Dominant[slot][h];
                    var kvBase = KeyOffset(slot, h / group);
                    var max = double.NegativeInfinity;
                    for (var i = 0; i < count; i++)
                    {
                        var e = entries[i];
                        if (!keys.TryGetValue(e.Source, out var k))
                        {
                            logits[i] = double.NegativeInfinity;
                            continue;
                        }

                        var dot = 0.0;
                        for (var j = 0; j < dominant.Length; j++)
                        {
                            var qi = ((slot * calibration.HeadCount + h) * maxChunks + j) * 2;
                            var ki = kvBase + headIndexInUnion[slot][h][j] * 2;
                            // Re(q conj(k) e^{i(m-n)theta}): RoPE's score depends only on the relative position.
                            var angle = (m - e.Position) * calibration.Theta(dominant[j]);
                            var (re, im) = (q[qi] * k[ki] + q[qi + 1] * k[ki + 1], q[qi + 1] * k[ki] - q[qi] * k[ki + 1]);
                            dot += re * Math.Cos(angle) - im * Math.Sin(angle);
                        }

                        logits[i] = dot * scale;
                        max = Math.Max(max, logits[i]);
                    }

                    var sum = 0.0;
                    for (var i = 0; i < count; i++)
                    {
                        logits[i] = double.IsNegativeInfinity(logits[i]) ? 0 : Math.Exp(logits[i] - max);
                        sum += logits[i];
                    }

                    for (var i = 0; i < count && sum > 0; i++)
                    {
                        scores[i] += logits[i] / sum;
                    }
                }
            }
        }

        queries.Clear();
        return [.. scores.Select(s => (float)s)];
    }

    private int KeyOffset(int slot, int kv)
    {
        var offset = 0;
        for (var s = 0; s < slot; s++)
        {
            offset += kvUnion[s].Sum(u => u.Length) * 2;
        }

        for (var k = 0; k < kv; k++)
        {
            offset += kvUnion[slot][k].Length * 2;
        }

        return offset;
    }

    private void Unrotate(ReadOnlySpan<float> head, int chunk, int position, Span<float> destination)
    {
        var (x, y) = calibration.ChunkDims(chunk);
        var angle = position * calibration.Theta(chunk);
        var (cos, sin) = (Math.Cos(angle), Math.Sin(angle));
        destination[0] = (float)(head[x] * cos + head[y] * sin);
        destination[1] = (float)(-head[x] * sin + head[y] * cos);
    }
}
