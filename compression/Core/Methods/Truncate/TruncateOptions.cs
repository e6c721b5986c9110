namespace Compressor.Compression.Methods.Truncate;

/// <summary>How truncate splits the budget: a share for the head, the rest for the tail, and the marker between them.</summary>
public sealed record TruncateOptions
{
    /// <summary>Share of the budget for the beginning of the text.</summary>
    public double HeadShare { get; init; } = 2.0 / 3.0;

    /// <summary>Text put where the middle was cut (counted in the budget); empty for none.</summary>
    public string Marker { get; init; } = "…";
}
