namespace Compressor.Engine.Generation;

/// <summary>
/// Where the time went: prompt evaluation (prefill) and token generation, in ms and tokens/s.
/// <see cref="PromptTokens"/> counts every sequence's whole prompt; <see cref="SharedPrefixTokens"/> of
/// them were a prefix common to all sequences of the batch, prefilled once and shared.
/// </summary>
public sealed record GenerationTimings(double PromptMs, double GenerationMs, int PromptTokens, int GeneratedTokens, int SharedPrefixTokens = 0)
{
    public double PromptTokensPerSecond => PromptMs > 0 ? PromptTokens * 1000.0 / PromptMs : 0;

    public double GenerationTokensPerSecond => GenerationMs > 0 ? GeneratedTokens * 1000.0 / GenerationMs : 0;
}
