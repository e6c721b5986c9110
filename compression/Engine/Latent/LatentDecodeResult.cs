namespace Compressor.Engine.Latent;

/// <summary>One decoded prompt: text, tokens, why it stopped (<see cref="Generation.FinishReason"/>), and the prompt's size in positions.</summary>
public sealed record LatentDecodeResult(string Text, IReadOnlyList<int> Tokens, string FinishReason, int PromptPositions);
