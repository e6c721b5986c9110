namespace Compressor.Engine.Latent;

/// <summary>
/// Details of a latent compression: where the latents are stored, how many, the ratio (text tokens
/// per latent), the block layout and, on request, the vectors as base64 float16.
/// </summary>
public sealed record LatentDetails(
    Guid LatentId,
    string Adapter,
    int LatentCount,
    int HiddenSize,
    double Ratio,
    IReadOnlyList<LatentBlockDetail> Blocks,
    string? Vectors);
