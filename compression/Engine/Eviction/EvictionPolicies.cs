namespace Compressor.Engine.Eviction;

/// <summary>Wire names of <see cref="EvictionPolicy"/> and what each policy needs from the scoring pass.</summary>
public static class EvictionPolicies
{
    public static IReadOnlyList<string> Names { get; } = ["snapkv", "streaming", "h2o", "frequency", "random"];

    public static string Name(EvictionPolicy policy) => policy switch
    {
        EvictionPolicy.SnapKv => "snapkv",
        EvictionPolicy.Streaming => "streaming",
        EvictionPolicy.H2O => "h2o",
        EvictionPolicy.Frequency => "frequency",
        _ => "random",
    };

    public static bool TryParse(string? name, out EvictionPolicy policy)
    {
        var index = name is null ? -1 : Names.ToList().FindIndex(n => n.Equals(name.Trim(), StringComparison.OrdinalIgnoreCase));
        policy = index < 0 ? default : (EvictionPolicy)index;
        return index >= 0;
    }

    /// <summary>True when the kept set does not depend on the question, so a reduced cache may be reused for the next one.</summary>
    public static bool IsQueryAgnostic(EvictionPolicy policy) =>
        policy is EvictionPolicy.Streaming or EvictionPolicy.H2O or EvictionPolicy.Frequency;

    /// <summary>True when scoring reads attention weights (flash attention off, tensor capture on).</summary>
    public static bool NeedsAttention(EvictionPolicy policy) => policy is EvictionPolicy.SnapKv or EvictionPolicy.H2O;

    /// <summary>True when scoring reads captured tensors at all (attention or Q/K).</summary>
    public static bool NeedsCapture(EvictionPolicy policy) => NeedsAttention(policy) || policy == EvictionPolicy.Frequency;
}
