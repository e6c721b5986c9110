namespace Compressor.Api.Contracts;

/// <summary>
/// <c>stats</c> of a generation from latents: which set and adapter, how many latent vectors of what
/// width, text tokens per latent (stored sets only), and the decoder prompt size in positions, of
/// which latents (the rest are template, marker and instruction tokens).
/// </summary>
public sealed record LatentGenerationStatsDto(
    Guid? LatentId,
    string Adapter,
    int LatentCount,
    int HiddenSize,
    int Blocks,
    int? TextTokens,
    double? Ratio,
    int PromptPositions,
    int LatentPositions);
