namespace Compressor.Storage;

/// <summary>One page of summaries and the number of rows matching the query across all pages.</summary>
public sealed record CompressionPage(IReadOnlyList<CompressionSummary> Items, long Total);
