namespace Compressor.Engine.Latent;

/// <summary>
/// One affine layer y = W x + b. <see cref="Weight"/> is row-major [output x input], the layout of
/// a PyTorch nn.Linear weight, so converted checkpoints copy straight in.
/// </summary>
public sealed record LatentProjectorLayer(int InputSize, int OutputSize, float[] Weight, float[]? Bias)
{
    /// <summary>Problems with the layer's shapes, or null when it is consistent.</summary>
    public string? Check()
    {
        if (InputSize < 1 || OutputSize < 1)
        {
            return $"layer sizes must be positive, got {InputSize} -> {OutputSize}";
        }

        if (Weight is null || Weight.Length != (long)InputSize * OutputSize)
        {
            return $"weight has {Weight?.Length ?? 0} values, expected {OutputSize} x {InputSize}";
        }

        return Bias is not null && Bias.Length != OutputSize ? $"bias has {Bias.Length} values, expected {OutputSize}" : null;
    }
}
