namespace Compressor.Compression.Methods.Truncate;

/// <summary>Details of truncate: the kept spans of the input (head, then tail) and whether the marker was inserted.</summary>
public sealed record TruncateDetails(IReadOnlyList<KeptSpan> Kept, bool MarkerInserted, int BudgetTokens);
