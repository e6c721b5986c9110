using Compressor.Constraints.Sampling;

namespace Compressor.Constraints.Tests.Sampling;

public class SmcResamplerTests
{
    [Fact]
    public void Effective_sample_size_spans_one_to_n()
    {
        Assert.Equal(4, SmcResampler.EffectiveSampleSize([0, 0, 0, 0]), 9);
        Assert.Equal(1, SmcResampler.EffectiveSampleSize([0, double.NegativeInfinity, double.NegativeInfinity]), 9);
        Assert.Equal(0, SmcResampler.EffectiveSampleSize([double.NegativeInfinity, double.NegativeInfinity]));
        // weights 1,1,2: (4)^2 / 6
        Assert.Equal(16.0 / 6, SmcResampler.EffectiveSampleSize([0, 0, Math.Log(2)]), 9);
    }

    [Fact]
    public void Log_sum_exp_and_normalization_are_stable()
    {
        Assert.Equal(1000 + Math.Log(2), SmcResampler.LogSumExp([1000, 1000]), 9);
        var p = new double[3];
        SmcResampler.Normalize([-1000, -1000, double.NegativeInfinity], p);
        Assert.Equal(0.5, p[0], 9);
        Assert.Equal(0.5, p[1], 9);
        Assert.Equal(0, p[2]);
    }

    [Fact]
    public void Systematic_resampling_reproduces_the_weights()
    {
        var idx = new int[4];
        SmcResampler.Systematic([Math.Log(0.5), Math.Log(0.25), Math.Log(0.25), double.NegativeInfinity], new Random(3), idx);
        Assert.Equal(2, idx.Count(i => i == 0));
        Assert.Equal(1, idx.Count(i => i == 1));
        Assert.Equal(1, idx.Count(i => i == 2));
    }

    [Fact]
    public void Multinomial_resampling_follows_the_weights()
    {
        var idx = new int[30_000];
        SmcResampler.Multinomial([Math.Log(0.2), Math.Log(0.8), double.NegativeInfinity], new Random(4), idx);
        Assert.DoesNotContain(2, idx);
        Assert.InRange(idx.Count(i => i == 1) / 30_000.0, 0.79, 0.81);
        Assert.Throws<InvalidOperationException>(() => SmcResampler.Multinomial([double.NegativeInfinity], new Random(1), new int[1]));
    }
}
