using System.Runtime.Intrinsics;
using Compressor.Constraints.Sampling;

namespace Compressor.Constraints.Tests.Sampling;

public class ArrivalRaceTests
{
    [Fact]
    public void NegExp_stays_within_the_error_bound_the_race_relies_on()
    {
        // Dense sweep of [-45, 100): the race's slack assumes |NegExp(x) - exp(-x)| <= exp(-x) bound + 1e-30
        // (x >= 0), and the masses are exponentiated relative to a shift up to 45 below the largest logit.
        var xs = new float[Vector256<float>.Count];
        double worst = 0;
        for (double x0 = -45; x0 < 100; x0 += 2e-5 * xs.Length)
        {
            for (var j = 0; j < xs.Length; j++)
            {
                xs[j] = (float)(x0 + (j * 2e-5));
            }

            var e = ArrivalRace.NegExp(Vector256.Create(xs));
            for (var j = 0; j < xs.Length; j++)
            {
                var truth = Math.Exp(-(double)xs[j]);
                worst = Math.Max(worst, (Math.Abs(e[j] - truth) - 1e-30) / truth);
            }
        }

        Assert.True(worst <= ArrivalRace.ExpRelativeError / 4, $"worst relative error {worst:G3}");
        Assert.Equal(0f, ArrivalRace.NegExp(Vector256.Create(float.PositiveInfinity))[0]);
    }

    [Theory]
    [InlineData(0.001, false)] // few arrivals
    [InlineData(0.5, false)] // the exponential band
    [InlineData(40, false)] // nearly everything arrives
    [InlineData(0, false)] // round 1 already over
    [InlineData(0.001, true)] // the same, sixteen lanes at a time
    [InlineData(0.5, true)]
    [InlineData(40, true)]
    [InlineData(0, true)]
    public void Counts_and_masses_match_their_expectations(double scale, bool wide)
    {
        // Masses spread over four orders of magnitude, a zero (a removed slot) and a count that is not a
        // multiple of the vector width; t1 = t2 = scale / mean mass.
        var rng = new Random(99);
        const int n = 203;
        var values = new float[n + TokenMasses.Padding];
        for (var i = 0; i < n; i++)
        {
            values[i] = i == 17 ? 0 : (float)Math.Exp(rng.NextDouble() * 9 - 9);
        }

        var mean = values.Take(n).Average(v => (double)v);
        var t1 = scale == 0 ? 0 : scale / mean;
        var t2 = (scale == 0 ? 0.5 : scale) / mean;
        double expectFirst = 0, expectSecond = 0, expectStayed = 0, varFirst = 0, varSecond = 0;
        for (var i = 0; i < n; i++)
        {
            double m = values[i];
            var p1 = t1 > 0 ? -double.ExpM1(-m * t1) : 0;
            var p2 = -double.ExpM1(-m * t2);
            expectFirst += p1;
            varFirst += p1 * (1 - p1);
            var s = (1 - p1) * p2;
            expectSecond += s;
            varSecond += s * (1 - s);
            expectStayed += t1 > 0 ? m * (1 - p1) : 0;
        }

        const int runs = 4000;
        double first = 0, second = 0, stayed = 0;
        for (var k = 0; k < runs; k++)
        {
            var r = ArrivalRace.Run(values, n, t1, t2, rng, wide);
            first += r.First;
            second += r.Second;
            stayed += r.StayedMass;
        }

        // Five standard errors of the mean (with a floor for the nearly deterministic cases).
        Assert.InRange(first / runs, expectFirst - Tolerance(varFirst, runs), expectFirst + Tolerance(varFirst, runs));
        Assert.InRange(second / runs, expectSecond - Tolerance(varSecond, runs), expectSecond + Tolerance(varSecond, runs));
        var stayedTolerance = Math.Max(1e-9, 0.05 * expectStayed) + (5 * values.Max() * Math.Sqrt(n) / Math.Sqrt(runs));
        Assert.InRange(stayed / runs, expectStayed - stayedTolerance, expectStayed + stayedTolerance);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Slots_with_no_mass_never_arrive(bool wide)
    {
        var values = new float[64 + TokenMasses.Padding];
        var r = ArrivalRace.Run(values, 64, 1e30, 1e30, new Random(1), wide);
        Assert.Equal((0, 0, 0.0), (r.First, r.Second, r.StayedMass));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_vocabulary_sized_race_matches_its_expectation_and_a_seed_repeats_it(bool wide)
    {
        // 152k slots, a flat distribution, t such that about a fifth arrive (a random model's cap step).
        var rng = new Random(5);
        const int n = 151_936;
        var values = new float[n + TokenMasses.Padding];
        for (var i = 0; i < n; i++)
        {
            values[i] = (float)Math.Exp(rng.NextDouble() * 4);
        }

        var t = 0.2 / values.Take(n).Average(v => (double)v);
        double expectFirst = 0, sd = 0;
        for (var i = 0; i < n; i++)
        {
            var p = -double.ExpM1(-values[i] * t);
            expectFirst += p;
            sd += p * (1 - p);
        }

        sd = Math.Sqrt(sd);
        var a = ArrivalRace.Run(values, n, t, t, new Random(11), wide);
        var b = ArrivalRace.Run(values, n, t, t, new Random(11), wide);
        Assert.Equal(a, b);
        Assert.InRange(a.First, expectFirst - (6 * sd), expectFirst + (6 * sd));
        var c = ArrivalRace.Run(values, n, t, t, new Random(12), wide);
        Assert.NotEqual(a, c);
    }

    private static double Tolerance(double variance, int runs) => Math.Max(0.01, 5 * Math.Sqrt(variance / runs));
}
