namespace Compressor.Constraints.Sampling;

/// <summary>Answers whether one token may come next under the constraint (the engine asks llama.cpp's grammar).</summary>
public interface ITokenOracle
{
    bool IsAllowed(int token);

    /// <summary>
    /// Checks many tokens at once (the rejection cap's full check) and returns how many single-token
    /// checks that took. An oracle with a cheaper bulk path (pruning whole groups of tokens after one
    /// rejection, or one full-vocabulary grammar pass) overrides this and counts what it really did.
    /// </summary>
    int CheckMany(ReadOnlySpan<int> tokens, Span<bool> allowed)
    {
        for (var i = 0; i < tokens.Length; i++)
        {
            allowed[i] = IsAllowed(tokens[i]);
        }

        return tokens.Length;
    }
}
