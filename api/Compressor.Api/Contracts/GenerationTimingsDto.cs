namespace Compressor.Api.Contracts;

public sealed record GenerationTimingsDto(double QueueMs, double PromptMs, double GenerationMs, double PromptTokensPerSecond, double GenerationTokensPerSecond, double TotalMs);
