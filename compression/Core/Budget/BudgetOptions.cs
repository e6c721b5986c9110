namespace Compressor.Compression.Budget;

/// <summary>Knobs of the dynamic-ratio solver.</summary>
public sealed record BudgetOptions
{
    /// <summary>The hardest a chunk is compressed before it is dropped instead (target / original).</summary>
    public double MinKeepRatio { get; init; } = 0.1;

    /// <summary>A rewrite shorter than this is not worth a model call; such chunks are dropped.</summary>
    public int MinChunkTokens { get; init; } = 8;

    /// <summary>How strongly importance skews the ratios: weight = (0.2 + importance)^Sharpness.</summary>
    public double Sharpness { get; init; } = 2;

    public static BudgetOptions Default { get; } = new();
}
