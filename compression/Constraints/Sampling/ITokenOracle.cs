namespace Compressor.Constraints.Sampling;

/// <summary>Answers whether one token may come next under the constraint (the engine asks llama.cpp's grammar).</summary>
public interface ITokenOracle
{
    bool IsAllowed(int token);

    /// <summary>
    /// Checks many tokens at once and returns how many single-token checks that took. An oracle with
    /// a cheaper bulk path (pruning whole groups of tokens after one rejection, or one
    /// full-vocabulary grammar pass) overrides this and counts what it really did.
    /// </summary>
    int CheckMany(ReadOnlySpan<int> tokens, Span<bool> allowed)
    {
        for (var i = 0; i < tokens.Length; i++)
        {
            allowed[i] = IsAllowed(tokens[i]);
        }

        return tokens.Length;
    }

    /// <summary>
    /// Adds every allowed token among 0 .. <paramref name="vocabularySize"/> - 1 to
    /// <paramref name="allowed"/> (any order) and returns the single-token checks made: the rejection
    /// cap's full check, which needs the allowed set rather than answers per candidate.
    /// </summary>
    int AllowedTokens(int vocabularySize, List<int> allowed)
    {
        ArgumentNullException.ThrowIfNull(allowed);
        var tokens = new int[vocabularySize];
        for (var t = 0; t < tokens.Length; t++)
        {
            tokens[t] = t;
        }

        var answers = new bool[vocabularySize];
        var checks = CheckMany(tokens, answers);
        for (var t = 0; t < answers.Length; t++)
        {
            if (answers[t])
            {
                allowed.Add(t);
            }
        }

        return checks;
    }
}
