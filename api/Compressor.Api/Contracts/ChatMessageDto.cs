namespace Compressor.Api.Contracts;

/// <summary>A chat message on the wire.</summary>
public sealed record ChatMessageDto(string Role, string Content);
