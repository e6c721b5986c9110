namespace Compressor.Constraints.Sampling;

/// <summary>Answers whether one token may come next under the constraint (the engine asks llama.cpp's grammar).</summary>
public interface ITokenOracle
{
    bool IsAllowed(int token);

    /// <summary>
    /// Checks many tokens at once (the rejection cap's full check). An oracle with a cheaper bulk path
    /// (one full-vocabulary grammar pass instead of one call per token) overrides this.
    /// </summary>
    void CheckMany(ReadOnlySpan<int> tokens, Span<bool> allowed)
    {
        for (var i = 0; i < tokens.Length; i++)
        {
            allowed[i] = IsAllowed(tokens[i]);
        }
    }
}
