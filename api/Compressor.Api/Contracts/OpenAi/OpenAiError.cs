namespace Compressor.Api.Contracts.OpenAi;

/// <summary>OpenAI's error object; <c>param</c> names the request field at fault, <c>code</c> is Compressor's error code.</summary>
public sealed record OpenAiError(string Message, string Type, string? Param, string Code);
