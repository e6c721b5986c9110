namespace Compressor.Client.Contracts;

public sealed record Usage(int PromptTokens, int CompletionTokens, int TotalTokens);
