namespace Compressor.Client.Contracts;

/// <summary>GET /v1/models.</summary>
public sealed record ModelList(IReadOnlyList<ModelInfo> Data, string? Default, string? Directory);
