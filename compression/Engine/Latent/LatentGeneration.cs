namespace Compressor.Engine.Latent;

/// <summary>
/// Text decoded from latents: the joined text, each prompt's part, why generation ended (the first
/// non-"stop" reason, else "stop"), and sizes: decoder prompt positions in all, of which latents.
/// </summary>
public sealed record LatentGeneration(
    string Text,
    IReadOnlyList<string> Parts,
    string FinishReason,
    string DecoderModel,
    string DecoderFingerprint,
    int PromptPositions,
    int LatentPositions,
    int GeneratedTokens,
    double ElapsedMs);
