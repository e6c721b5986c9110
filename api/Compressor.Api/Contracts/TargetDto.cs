namespace Compressor.Api.Contracts;

/// <summary>ratio = compressed / original tokens (0.25 keeps a quarter), or an absolute token count.</summary>
public sealed record TargetDto(double? Ratio = null, int? Tokens = null);
