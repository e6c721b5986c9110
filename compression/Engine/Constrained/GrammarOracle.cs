using Compressor.Constraints.Sampling;
using Compressor.Native;

namespace Compressor.Engine.Constrained;

/// <summary>
/// llama.cpp's grammar as an AWRS oracle: one-candidate checks (about 1-2 us each); end-of-generation
/// tokens pass only where the grammar can end (llama.cpp decides that) and the text ends on a whole
/// character. Every token must also keep the text valid UTF-8 (see <see cref="Utf8Tail"/>). Bulk
/// checks of many tokens use one full-vocabulary grammar pass instead of thousands of single calls.
/// </summary>
public sealed class GrammarOracle(GrammarSampler grammar, TokenBytes tokens) : ITokenOracle
{
    /// <summary>Below this many tokens, single checks beat one full-vocabulary pass.</summary>
    public const int BulkThreshold = 256;

    private float[]? scratch;

    public GrammarSampler Grammar { get; set; } = grammar;

    /// <summary>The UTF-8 state of the text accepted so far.</summary>
    public Utf8Tail Tail { get; set; } = Utf8Tail.Start;

    public TokenBytes Tokens { get; } = tokens;

    public bool IsAllowed(int token) => Tokens.Fits(token, Tail) && Grammar.IsAllowed(token);

    public void CheckMany(ReadOnlySpan<int> tokens, Span<bool> allowed)
    {
        if (tokens.Length < BulkThreshold)
        {
            for (var i = 0; i < tokens.Length; i++)
            {
                allowed[i] = IsAllowed(tokens[i]);
            }

            return;
        }

        scratch ??= new float[Tokens.Count];
        Array.Clear(scratch);
        Grammar.ApplyMask(scratch);
        for (var i = 0; i < tokens.Length; i++)
        {
            allowed[i] = !float.IsNegativeInfinity(scratch[tokens[i]]) && Tokens.Fits(tokens[i], Tail);
        }
    }

    /// <summary>Full-vocabulary masking of <paramref name="logits"/> in place; returns how many tokens stay allowed.</summary>
    public int Mask(Span<float> logits)
    {
        Grammar.ApplyMask(logits);
        var allowed = 0;
        for (var t = 0; t < logits.Length; t++)
        {
            if (!float.IsNegativeInfinity(logits[t]))
            {
                if (Tokens.Fits(t, Tail))
                {
                    allowed++;
                }
                else
                {
                    logits[t] = float.NegativeInfinity;
                }
            }
        }

        return allowed;
    }

    /// <summary>Advances grammar and UTF-8 state with an allowed token (checked again first; a forbidden token is never accepted).</summary>
    public bool TryAccept(int token)
    {
        if (Tokens.IsEndOfGeneration(token))
        {
            return Tokens.Fits(token, Tail) && Grammar.IsAllowed(token);
        }

        if (Tokens.Fits(token, Tail) && Grammar.TryAccept(token))
        {
            Tail = Tail.Push(Tokens.Of(token))!.Value;
            return true;
        }

        return false;
    }
}
