using Compressor.Engine.Eviction;

namespace Compressor.Engine.Tests.Eviction;

public sealed class KeepSetsTests
{
    [Fact]
    public void Snapkv_keeps_the_pooled_peak_region_and_the_window()
    {
        // A spike at 5 spreads to its neighbours through the kernel-5 pool; a lone spike at 12 weighs less once pooled.
        float[] votes = [0, 0, 0, 1, 1, 9, 1, 1, 0, 0, 0, 0, 6, 0, 0, 0, 0, 0, 0, 0];
        var keep = KeepSets.SnapKv(votes, new KeepConstraints(20, 7, ProtectedHead: 1, ProtectedTail: 2));
        Assert.Equal([0, 3, 4, 5, 6, 18, 19], keep);
    }

    [Fact]
    public void Average_pool_shrinks_the_window_at_the_edges()
    {
        var pooled = KeepSets.AveragePool([5, 0, 0, 0, 10], 5);
        Assert.Equal([5f / 3, 5f / 4, 3, 10f / 4, 10f / 3], pooled);
    }

    [Fact]
    public void Streaming_keeps_four_sinks_and_the_most_recent()
    {
        Assert.Equal([0, 1, 2, 3, 7, 8, 9], KeepSets.Streaming(new KeepConstraints(10, 7)));
        // A longer protected prefix replaces the four sinks.
        Assert.Equal([0, 1, 2, 3, 4, 5, 9], KeepSets.Streaming(new KeepConstraints(10, 7, ProtectedHead: 6)));
    }

    [Fact]
    public void Heavy_hitters_keep_top_scores_plus_the_recent_window_with_earlier_ties_first()
    {
        float[] accumulated = [9, 1, 5, 5, 0, 7, 0, 0, 0, 0];
        var keep = KeepSets.Select(EvictionPolicy.H2O, accumulated, new KeepConstraints(10, 5, ProtectedTail: 2));
        Assert.Equal([0, 2, 5, 8, 9], keep);
    }

    [Fact]
    public void Nan_scores_rank_last()
    {
        var keep = KeepSets.TopK([float.NaN, 1, 2], new KeepConstraints(3, 2));
        Assert.Equal([1, 2], keep);
    }

    [Fact]
    public void Random_is_seeded_keeps_protected_tokens_and_the_budget()
    {
        var constraints = new KeepConstraints(100, 20, ProtectedHead: 3, ProtectedTail: 4);
        var a = KeepSets.Random(constraints, 7);
        Assert.Equal(a, KeepSets.Random(constraints, 7));
        Assert.NotEqual(a, KeepSets.Random(constraints, 8));
        Assert.Equal(20, a.Length);
        Assert.Equal(a.Order(), a);
        Assert.Subset(a.ToHashSet(), new HashSet<int> { 0, 1, 2, 96, 97, 98, 99 });
    }

    [Fact]
    public void Everything_is_kept_when_the_budget_covers_it_and_impossible_protection_throws()
    {
        Assert.Equal([0, 1, 2], KeepSets.Select(EvictionPolicy.SnapKv, [1, 2, 3], new KeepConstraints(3, 5)));
        Assert.Throws<ArgumentException>(() => KeepSets.TopK(new float[10], new KeepConstraints(10, 3, 2, 2)));
        Assert.Throws<ArgumentException>(() => KeepSets.TopK(new float[9], new KeepConstraints(10, 3)));
    }

    [Fact]
    public void Policy_names_parse_and_classify()
    {
        Assert.True(EvictionPolicies.TryParse("SnapKV", out var p));
        Assert.Equal(EvictionPolicy.SnapKv, p);
        Assert.False(EvictionPolicies.TryParse("lru", out _));
        Assert.True(EvictionPolicies.IsQueryAgnostic(EvictionPolicy.H2O));
        Assert.False(EvictionPolicies.IsQueryAgnostic(EvictionPolicy.SnapKv));
        Assert.All(Enum.GetValues<EvictionPolicy>(), v => Assert.True(EvictionPolicies.TryParse(EvictionPolicies.Name(v), out var back) && back == v));
    }
}
