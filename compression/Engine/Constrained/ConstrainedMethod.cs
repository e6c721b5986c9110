namespace Compressor.Engine.Constrained;

/// <summary>How a constrained token is chosen.</summary>
public enum ConstrainedMethod
{
    /// <summary>Adaptive weighted rejection sampling: checks only the tokens it draws.</summary>
    Awrs,

    /// <summary>Full-vocabulary grammar mask, then ordinary sampling (the baseline).</summary>
    Mask,
}
