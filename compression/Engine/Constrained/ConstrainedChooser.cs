using System.Diagnostics;
using Compressor.Engine.Generation;
using Compressor.Native;

namespace Compressor.Engine.Constrained;

/// <summary>
/// A token chooser that honours a grammar: picks a token the grammar allows and advances the grammar
/// with it (never with anything else: accepting a forbidden token aborts the process in llama.cpp).
/// Keeps the step's log weight and running counters; each particle owns one, with its own grammar.
/// </summary>
public abstract class ConstrainedChooser : ITokenChooser, IDisposable
{
    protected ConstrainedChooser(GrammarSampler grammar, LlamaVocab vocab, ConstrainedSampling sampling, AllowedSetCache? cache)
    {
        ArgumentNullException.ThrowIfNull(grammar);
        ArgumentNullException.ThrowIfNull(sampling);
        Oracle = new GrammarOracle(grammar, TokenBytes.For(vocab), cache);
        Sampling = sampling;
    }

    public ConstrainedSampling Sampling { get; }

    public GrammarSampler Grammar => Oracle.Grammar;

    /// <summary>Log importance weight of the last step (-inf when no token was allowed).</summary>
    public double LastLogWeight { get; private set; }

    public long Checks { get; protected set; }

    public long Rejections { get; protected set; }

    public int MaskFallbacks { get; protected set; }

    public int Steps { get; private set; }

    public long ConstraintTicks { get; private set; }

    protected GrammarOracle Oracle { get; }

    /// <summary>Steps answered from the state cache (AWRS only; masking always runs the full pass).</summary>
    public int CacheHits => Oracle.CacheHits;

    public static ConstrainedChooser Create(GrammarSampler grammar, LlamaVocab vocab, ConstrainedSampling sampling, int seed, AllowedSetCache? cache = null) =>
        sampling?.Method == ConstrainedMethod.Mask
            ? new MaskChooser(grammar, vocab, sampling, seed)
            : new AwrsChooser(grammar, vocab, sampling!, seed, cache);

    public int Choose(ReadOnlySpan<float> logits)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            BeginStep();
            var token = Pick(logits, out var logWeight);
            LastLogWeight = token < 0 ? double.NegativeInfinity : logWeight;
            Steps++;
            if (token >= 0 && !Oracle.TryAccept(token))
            {
                // Unreachable by construction (only allowed tokens are picked); TryAccept checks first, so nothing aborts.
                throw new InvalidOperationException($"the sampler picked token {token}, which the grammar forbids");
            }

            return token;
        }
        finally
        {
            ConstraintTicks += Stopwatch.GetTimestamp() - started;
        }
    }

    /// <summary>Takes a copy of <paramref name="source"/>'s grammar and UTF-8 state (SMC resampling); counters and randomness stay.</summary>
    public void AdoptStateOf(ConstrainedChooser source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var copy = source.Grammar.Clone();
        Oracle.Grammar.Dispose();
        Oracle.Grammar = copy;
        Oracle.Tail = source.Oracle.Tail;
    }

    public void Dispose()
    {
        Oracle.Grammar.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>Prepares the oracle for a new step (AWRS: the state cache lookup).</summary>
    protected virtual void BeginStep()
    {
    }

    /// <summary>An allowed token (or -1) and the step's log weight.</summary>
    protected abstract int Pick(ReadOnlySpan<float> logits, out double logWeight);
}
