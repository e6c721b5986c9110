namespace Compressor.Constraints.Sampling;

/// <summary>
/// One AWRS step: the sampled token (-1 when no token is allowed), the log of the importance weight
/// (an unbiased estimate of the allowed probability mass; -inf when nothing is allowed), the oracle
/// calls made, the rejections counted and whether the rejection cap forced a full mask.
/// </summary>
public readonly record struct AwrsStep(int Token, double LogWeight, int Checks, int Rejections, bool MaskFallback);
