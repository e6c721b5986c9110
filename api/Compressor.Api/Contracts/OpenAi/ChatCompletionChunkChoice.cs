namespace Compressor.Api.Contracts.OpenAi;

/// <summary>A delta; <c>finish_reason</c> is null until the last content chunk.</summary>
public sealed record ChatCompletionChunkChoice(int Index, AssistantMessage Delta, string? FinishReason);
