namespace Compressor.Client.Contracts;

/// <summary>Filters for GET /v1/compressions (<see cref="Q"/> searches the input text).</summary>
public sealed record CompressionQuery(int? Limit = null, int? Offset = null, string? Method = null, string? Model = null, string? Q = null);
