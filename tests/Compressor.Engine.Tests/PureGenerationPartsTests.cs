using System.Text;
using Compressor.Engine.Generation;

namespace Compressor.Engine.Tests;

public sealed class PureGenerationPartsTests
{
    [Fact]
    public void Stop_matcher_holds_back_possible_prefixes()
    {
        var m = new StopMatcher(["</end>"]);
        Assert.Equal("Hello ", m.Push("Hello <"));
        Assert.Equal("", m.Push("/en"));
        Assert.Equal("", m.Push("d> trailing"));
        Assert.True(m.Stopped);

        var n = new StopMatcher(["STOP"]);
        Assert.Equal("abc", n.Push("abcST"));
        Assert.Equal("", n.Push(""));
        Assert.Equal("STx", n.Push("x"));
        Assert.Equal("", n.Flush());
    }

    [Fact]
    public void Stop_matcher_flushes_held_text_that_never_became_a_stop()
    {
        var m = new StopMatcher(["###"]);
        Assert.Equal("a", m.Push("a##"));
        Assert.Equal("##", m.Flush());
    }

    [Fact]
    public void Utf8_decoder_joins_split_characters()
    {
        var bytes = Encoding.UTF8.GetBytes("日本🚀");
        var d = new Utf8TokenDecoder();
        var text = new StringBuilder();
        foreach (var b in bytes)
        {
            text.Append(d.Push([b]));
        }

        text.Append(d.Flush());
        Assert.Equal("日本🚀", text.ToString());
        Assert.Equal("", new Utf8TokenDecoder().Push(bytes.AsSpan(0, 2)));
    }

    [Fact]
    public void Greedy_picks_the_maximum()
    {
        var s = new TokenSampler(new SamplingSettings());
        Assert.Equal(2, s.Sample([0.1f, 0.5f, 3f, -1f]));
    }

    [Fact]
    public void ArgMax_is_the_first_largest_as_a_plain_scan_finds_it()
    {
        static int Scan(float[] x)
        {
            var best = 0;
            for (var i = 1; i < x.Length; i++)
            {
                best = x[i] > x[best] ? i : best;
            }

            return best;
        }

        var rng = new Random(9);
        for (var trial = 0; trial < 400; trial++)
        {
            var x = new float[rng.Next(1, 3000)];
            for (var i = 0; i < x.Length; i++)
            {
                // A coarse grid, so the maximum is often tied; some NaN and -inf entries.
                x[i] = rng.Next(20) switch { 0 => float.NaN, 1 => float.NegativeInfinity, _ => MathF.Round((float)rng.NextDouble() * 8) };
            }

            if (trial % 50 == 0)
            {
                Array.Fill(x, float.NegativeInfinity);
            }

            if (trial % 50 == 1)
            {
                x[0] = float.NaN;
            }

            Assert.Equal(Scan(x), TokenSampler.ArgMax(x));
        }
    }

    [Fact]
    public void Sampling_follows_the_softmax_distribution()
    {
        float[] logits = [MathF.Log(0.5f), MathF.Log(0.3f), MathF.Log(0.2f)];
        var s = new TokenSampler(new SamplingSettings(1f, 1f, 123));
        var counts = new int[3];
        const int n = 20000;
        for (var i = 0; i < n; i++)
        {
            counts[s.Sample(logits)]++;
        }

        Assert.InRange(counts[0] / (double)n, 0.48, 0.52);
        Assert.InRange(counts[1] / (double)n, 0.28, 0.32);
        Assert.InRange(counts[2] / (double)n, 0.18, 0.22);
    }

    [Fact]
    public void Top_p_samples_only_inside_the_nucleus()
    {
        float[] logits = [MathF.Log(0.6f), MathF.Log(0.25f), MathF.Log(0.1f), MathF.Log(0.05f)];
        var s = new TokenSampler(new SamplingSettings(1f, 0.8f, 5));
        var seen = new HashSet<int>();
        for (var i = 0; i < 5000; i++)
        {
            seen.Add(s.Sample(logits));
        }

        Assert.Equal([0, 1], seen.Order());
    }
}
