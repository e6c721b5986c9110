namespace Compressor.Engine.Generation;

/// <summary>Where the time went: prompt evaluation (prefill) and token generation, in ms and tokens/s.</summary>
public sealed record GenerationTimings(double PromptMs, double GenerationMs, int PromptTokens, int GeneratedTokens)
{
    public double PromptTokensPerSecond => PromptMs > 0 ? PromptTokens * 1000.0 / PromptMs : 0;

    public double GenerationTokensPerSecond => GenerationMs > 0 ? GeneratedTokens * 1000.0 / GenerationMs : 0;
}
