using System.Text;
using Compressor.Native.Capture;

namespace Compressor.Engine.Eviction;

/// <summary>Calibration observer: mean magnitude of every RoPE chunk of Q (per head) and K (per KV head), per layer.</summary>
internal sealed class ChunkMagnitudeCapture(int layers, int heads, int kvHeads, int headDim, int rot, bool neox) : ITensorObserver
{
    private float[] buffer = [];

    public double[,,] Q { get; } = new double[layers, heads, rot / 2];

    public double[,,] K { get; } = new double[layers, kvHeads, rot / 2];

    public bool Wants(ReadOnlySpan<byte> nameUtf8) => RopeTensorName.Parse(nameUtf8).Kind != '\0';

    public void OnTensor(in TensorView tensor)
    {
        var (kind, layer) = RopeTensorName.Parse(Encoding.ASCII.GetBytes(tensor.Name));
        var n = (int)tensor.Ne(1);
        if (tensor.Type != TensorView.TypeF32 || !tensor.IsContiguous || tensor.Ne(0) != headDim || (uint)layer >= (uint)layers ||
            n != (kind == 'Q' ? heads : kvHeads))
        {
            return;
        }

        if (buffer.Length < tensor.ElementCount)
        {
            buffer = new float[tensor.ElementCount];
        }

        tensor.CopyTo(buffer);
        var target = kind == 'Q' ? Q : K;
        var tokens = (int)tensor.Ne(2);
        // The later (RoPE) node of the same name overwrites the reshaped projection's numbers: magnitudes
        // are rotation-invariant, so both give the same sums and overwriting keeps one pass's worth.
        for (var h = 0; h < n; h++)
        {
            for (var c = 0; c < rot / 2; c++)
            {
                var (x, y) = neox ? (c, c + rot / 2) : (2 * c, 2 * c + 1);
                var sum = 0.0;
                for (var t = 0; t < tokens; t++)
                {
                    var o = (t * n + h) * headDim;
                    sum += Math.Sqrt(buffer[o + x] * buffer[o + x] + buffer[o + y] * buffer[o + y]);
                }

                target[layer, h, c] = sum / tokens;
            }
        }
    }
}
