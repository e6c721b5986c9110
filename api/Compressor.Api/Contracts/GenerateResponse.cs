namespace Compressor.Api.Contracts;

/// <summary>A generation; <c>stats</c> carries mode-specific numbers (constraint checks, KV cells, latents).</summary>
public sealed record GenerateResponse(string Id, string Model, string Text, string FinishReason, UsageDto Usage, GenerationTimingsDto Timings)
{
    public object? Stats { get; init; }
}
