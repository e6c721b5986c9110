namespace Compressor.Engine.Generation;

/// <summary>
/// Picks the next token of one sequence from its logits. Unconstrained generation uses a
/// <see cref="TokenSampler"/>; constrained decoding plugs in a chooser that consults the grammar.
/// </summary>
public interface ITokenChooser
{
    /// <summary>The next token, or -1 when no token is acceptable (the sequence ends).</summary>
    int Choose(ReadOnlySpan<float> logits);
}
