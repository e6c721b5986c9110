namespace Compressor.Api.Contracts;

public sealed record GenerateResponse(string Id, string Model, string Text, string FinishReason, UsageDto Usage, GenerationTimingsDto Timings);
