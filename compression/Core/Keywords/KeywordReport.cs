namespace Compressor.Compression.Keywords;

/// <summary>
/// What keyword maintaining did. Required keywords must be in the output; kept ones survived on their
/// own; restored ones were put back from the original; missing_in_input are keep[] entries the input
/// never had; unmet are required keywords that could not fit in the budget (empty unless budget_met
/// would otherwise fail).
/// </summary>
public sealed record KeywordReport(
    IReadOnlyList<string> Required,
    IReadOnlyList<string> Kept,
    IReadOnlyList<string> Restored,
    IReadOnlyList<string> MissingInInput,
    IReadOnlyList<string> Unmet)
{
    public static KeywordReport Empty { get; } = new([], [], [], [], []);
}
