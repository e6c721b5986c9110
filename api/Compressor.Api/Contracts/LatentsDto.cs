namespace Compressor.Api.Contracts;

/// <summary>Latent vectors in place of context text: a stored set by id, or inline base64 float16 vectors.</summary>
public sealed record LatentsDto(Guid? Id = null, string? Vectors = null, int? Count = null, string? Adapter = null, string? Instruction = null);
