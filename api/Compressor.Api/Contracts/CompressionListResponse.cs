using Compressor.Storage;

namespace Compressor.Api.Contracts;

public sealed record CompressionListResponse(IReadOnlyList<CompressionSummary> Items, long Total, int Limit, int Offset);
