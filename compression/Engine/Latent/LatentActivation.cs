namespace Compressor.Engine.Latent;

/// <summary>The non-linearity between projector layers (a single linear layer has none).</summary>
public enum LatentActivation
{
    None = 0,

    /// <summary>Exact (erf) GELU, as PyTorch's nn.GELU() default.</summary>
    Gelu = 1,
}
