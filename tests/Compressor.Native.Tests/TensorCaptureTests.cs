using System.Text;
using Compressor.Native.Capture;

namespace Compressor.Native.Tests;

[Collection(NativeCollection.Name)]
public sealed class TensorCaptureTests(NativeFixture fixture)
{
    [Fact]
    public void Attention_weights_are_captured_with_flash_attention_off()
    {
        var tokens = fixture.Model.Vocab.Tokenize("Attention is what we capture here, layer by layer.");
        using var context = fixture.CreateContext(flash: FlashAttention.Disabled, capture: true);
        var observer = new SoftmaxObserver();
        context.TensorObserver = observer;
        Decoding.Prefill(context, tokens);

        Assert.Equal(fixture.Model.LayerCount, observer.Captured.Count);
        foreach (var (name, ne, data) in observer.Captured)
        {
            Assert.StartsWith("kq_soft_max", name, StringComparison.Ordinal);
            Assert.True(ne[0] >= tokens.Length);
            Assert.Equal(tokens.Length, ne[1]);
            Assert.Equal(fixture.Model.HeadCount, ne[2]);
            for (var h = 0; h < ne[2]; h++)
            {
                for (var q = 0; q < ne[1]; q++)
                {
                    var row = data.AsSpan((int)((h * ne[1] + q) * ne[0]), (int)ne[0]);
                    var sum = 0f;
                    for (var k = 0; k < row.Length; k++)
                    {
                        // Causal: a query never attends to a later cell (fresh cache: cell = position).
                        if (k > q)
                        {
                            Assert.Equal(0f, row[k]);
                        }

                        sum += row[k];
                    }

                    Assert.InRange(sum, 0.99f, 1.01f);
                }
            }
        }
    }

    [Fact]
    public void Observer_requires_a_capture_context()
    {
        using var context = fixture.CreateContext();
        Assert.Throws<InvalidOperationException>(() => context.TensorObserver = new SoftmaxObserver());
    }

    private sealed class SoftmaxObserver : ITensorObserver
    {
        private static readonly byte[] Prefix = Encoding.ASCII.GetBytes("kq_soft_max");

        public List<(string Name, long[] Ne, float[] Data)> Captured { get; } = [];

        public bool Wants(ReadOnlySpan<byte> nameUtf8) => nameUtf8.StartsWith(Prefix);

        public void OnTensor(in TensorView tensor)
        {
            var data = new float[tensor.ElementCount];
            tensor.CopyTo(data);
            Captured.Add((tensor.Name, [tensor.Ne(0), tensor.Ne(1), tensor.Ne(2), tensor.Ne(3)], data));
        }
    }
}
