namespace Compressor.Client.Contracts;

/// <summary>GET /v1/compressions: one page of stored records, newest first.</summary>
public sealed record CompressionList(IReadOnlyList<CompressionSummary> Items, long Total, int Limit, int Offset);
