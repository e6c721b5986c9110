namespace Compressor.Api.Contracts.OpenAi;

/// <summary><c>{"error": {...}}</c>, the body of every failure on the OpenAI-compatible route.</summary>
public sealed record OpenAiErrorResponse(OpenAiError Error);
