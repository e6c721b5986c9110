namespace Compressor.Api.Contracts.OpenAi;

public sealed record ChatCompletionChoice(int Index, AssistantMessage Message, string FinishReason);
