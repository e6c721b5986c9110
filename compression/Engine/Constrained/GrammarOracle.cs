using Compressor.Constraints.Sampling;
using Compressor.Native;

namespace Compressor.Engine.Constrained;

/// <summary>
/// llama.cpp's grammar as an AWRS oracle: one-candidate checks (about 1-2 us each); end-of-generation
/// tokens pass only where the grammar can end (llama.cpp decides that) and the text ends on a whole
/// character. Every token must also keep the text valid UTF-8 (see <see cref="Utf8Tail"/>). Bulk
/// checks of many tokens compute the allowed set of the whole vocabulary by walking the tokens'
/// prefix forest (<see cref="TokenTrie"/>): a rejected token prunes every token that extends its
/// bytes (see <see cref="PrefixPruning"/> for when that holds), so only the frontier is checked, in
/// batched llama.cpp calls; a grammar that refers to tokens by id gets one full-vocabulary pass.
/// With an <see cref="AllowedSetCache"/>, each step starts by looking its grammar state up
/// (<see cref="BeginStep"/>): a known state answers every check and the bulk set without a grammar
/// call, and a computed set is stored for the next request that meets the state.
/// </summary>
public sealed class GrammarOracle(GrammarSampler grammar, TokenBytes tokens, AllowedSetCache? cache = null) : ITokenOracle
{
    /// <summary>Below this many tokens, single checks beat a bulk pass.</summary>
    public const int BulkThreshold = 256;

    private float[]? scratch;
    private bool[]? vocabulary;
    private int[]? batch;
    private bool[]? answers;
    private int[]? frontier;
    private int[]? next;
    private List<int>? found;
    private string? scannedGbnf;
    private PrefixPruning pruning;
    private GrammarSampler grammarSampler = grammar;
    private Utf8Tail tail = Utf8Tail.Start;
    private AllowedSetCache.Scope? scope;
    private string? scopeGbnf;
    private GrammarStateKey? stateKey;
    private AllowedSet? known;
    private bool lookupPending;
    private byte[]? rootVerdicts;
    private bool rootsProbed;
    private bool probedPruneAll;
    private int rootProbeChecks;
    private int stepEvaluations;

    public GrammarSampler Grammar
    {
        get => grammarSampler;
        set
        {
            grammarSampler = value;
            Forget();
        }
    }

    /// <summary>The UTF-8 state of the text accepted so far.</summary>
    public Utf8Tail Tail
    {
        get => tail;
        set
        {
            tail = value;
            Forget();
        }
    }

    public TokenBytes Tokens { get; } = tokens;

    /// <summary>Steps whose allowed set came from the cache (no grammar calls).</summary>
    public int CacheHits { get; private set; }

    /// <summary>Whether the current state's allowed set is known (from the cache), so checks cost no grammar call.</summary>
    public bool Known
    {
        get
        {
            LookUpIfPending();
            return known is not null;
        }
    }

    /// <summary>
    /// Starts a sampling step: the state's cache lookup is armed, and made once the step has cost
    /// <see cref="RootProbeAfter"/> grammar evaluations or asks for the bulk set (reading the state
    /// costs 10-40 us, so a step settled by its first few draws, as most are, never pays for it).
    /// When the state is cached, every further check and the bulk set of this step are answered from it.
    /// </summary>
    public void BeginStep()
    {
        Forget();
        lookupPending = cache is not null;
    }

    private void LookUpIfPending()
    {
        if (!lookupPending)
        {
            return;
        }

        lookupPending = false;
        stateKey = Grammar.StateKey();
        if (stateKey is null)
        {
            return;
        }

        if (!ReferenceEquals(scopeGbnf, Grammar.Gbnf))
        {
            scope = cache!.ScopeOf(Tokens, Grammar.Gbnf);
            scopeGbnf = Grammar.Gbnf;
        }

        known = cache!.TryGet(scope!, stateKey, Tail);
        CacheHits += known is null ? 0 : 1;
    }

    /// <summary>How far rejections carry over to longer tokens under the current grammar.</summary>
    public PrefixPruning Pruning
    {
        get
        {
            var gbnf = Grammar.Gbnf;
            if (!ReferenceEquals(gbnf, scannedGbnf))
            {
                pruning = PrefixPruningScan.Of(gbnf);
                scannedGbnf = gbnf;
            }

            return pruning;
        }
    }

    /// <summary>Grammar evaluations in one step after which the state is looked up and the roots are probed (<see cref="ProbeRoots"/>).</summary>
    public const int RootProbeAfter = 8;

    private const byte RootAllowed = 1;
    private const byte RootPruned = 2;
    private const byte RootOpen = 3;

    /// <summary>Grammar evaluations of single tokens (one per token in a batched call too) since creation.</summary>
    public long GrammarEvaluations { get; private set; }

    /// <summary>
    /// Whether <paramref name="token"/> may come next. Answered from the cached set when the state is
    /// known, from the roots' verdicts when its first bytes are already ruled out (after
    /// <see cref="RootProbeAfter"/> evaluations in one step, as in the structural positions of JSON
    /// where most draws are rejected), else by llama.cpp.
    /// </summary>
    public bool IsAllowed(int token)
    {
        if (AnsweredWithoutGrammar(token) is bool answer)
        {
            return answer;
        }

        GrammarEvaluations++;
        stepEvaluations++;
        var allowed = Grammar.IsAllowed(token);
        PrepareIfLongStep();
        return allowed;
    }

    /// <summary>
    /// Once a step has cost <see cref="RootProbeAfter"/> evaluations (a structural position of JSON,
    /// say): worth reading the state, and if it is not cached, worth one batched call over the roots
    /// that rules out most later draws for free.
    /// </summary>
    private void PrepareIfLongStep()
    {
        if (stepEvaluations < RootProbeAfter)
        {
            return;
        }

        LookUpIfPending();
        if (known is null && !rootsProbed && Pruning != PrefixPruning.None)
        {
            ProbeRoots(Pruning == PrefixPruning.All);
        }
    }

    /// <summary>
    /// The answer for <paramref name="token"/> when no grammar call is needed: from the state's cached
    /// set, from the roots' verdicts, or false when the token would break UTF-8; null otherwise.
    /// </summary>
    private bool? AnsweredWithoutGrammar(int token)
    {
        if (known is not null)
        {
            return known.Contains(token);
        }

        if (rootsProbed)
        {
            var trie = Tokens.Trie;
            var root = trie.RootIndexOf(token);
            if (root >= 0 && (rootVerdicts![root] == RootPruned || trie.Roots[root] == token))
            {
                return rootVerdicts[root] == RootAllowed;
            }
        }

        return Tokens.Fits(token, Tail) ? null : false;
    }

    /// <summary>
    /// One batched grammar call over the forest's roots (a byte-level vocabulary's single bytes): a
    /// rejected root rules out every token that starts with its bytes (where the pruning allows), so
    /// later checks of this step and the walk's first level need no further call.
    /// </summary>
    private void ProbeRoots(bool pruneAll)
    {
        var trie = Tokens.Trie;
        var roots = trie.Roots;
        rootVerdicts ??= new byte[roots.Length];
        batch ??= new int[Tokens.Count];
        answers ??= new bool[Tokens.Count];
        var index = frontier ??= new int[Tokens.Count];
        var n = 0;
        for (var i = 0; i < roots.Length; i++)
        {
            if (Tail.Push(Tokens.Of(roots[i])) is null)
            {
                rootVerdicts[i] = RootPruned; // breaks UTF-8, and so does everything below it
            }
            else
            {
                index[n] = i;
                batch[n++] = roots[i];
            }
        }

        Grammar.Check(batch.AsSpan(0, n), answers);
        GrammarEvaluations += n;
        for (var k = 0; k < n; k++)
        {
            rootVerdicts[index[k]] = answers[k] ? RootAllowed
                : pruneAll || Tail.Push(Tokens.Of(batch[k]))!.Value.IsComplete ? RootPruned
                : RootOpen;
        }

        rootProbeChecks = n;
        rootsProbed = true;
        probedPruneAll = pruneAll;
    }

    /// <summary>
    /// Checks many tokens; returns the single-token checks made (grammar candidates evaluated). A few
    /// tokens (under <see cref="BulkThreshold"/>) are answered as <see cref="IsAllowed"/> would, but
    /// those that need llama.cpp go in one batched call: a call costs about 5 us however short, and
    /// each candidate in it 0.1-2 us (measured), depending on how many stacks the state has.
    /// </summary>
    public int CheckMany(ReadOnlySpan<int> tokens, Span<bool> allowed)
    {
        if (tokens.Length < BulkThreshold)
        {
            return CheckFew(tokens, allowed);
        }

        LookUpIfPending();
        if (known is not null)
        {
            for (var i = 0; i < tokens.Length; i++)
            {
                allowed[i] = known.Contains(tokens[i]);
            }

            return 0;
        }

        vocabulary ??= new bool[Tokens.Count];
        var checks = AllowedSet(vocabulary);
        for (var i = 0; i < tokens.Length; i++)
        {
            allowed[i] = vocabulary[tokens[i]];
        }

        return checks;
    }

    private int CheckFew(ReadOnlySpan<int> tokens, Span<bool> allowed)
    {
        PrepareIfLongStep();
        batch ??= new int[Tokens.Count];
        frontier ??= new int[Tokens.Count];
        answers ??= new bool[Tokens.Count];
        var n = 0;
        for (var i = 0; i < tokens.Length; i++)
        {
            if (AnsweredWithoutGrammar(tokens[i]) is bool answer)
            {
                allowed[i] = answer;
            }
            else
            {
                frontier[n] = i;
                batch[n++] = tokens[i];
            }
        }

        if (n > 0)
        {
            Grammar.Check(batch.AsSpan(0, n), answers);
            GrammarEvaluations += n;
            stepEvaluations += n;
            for (var k = 0; k < n; k++)
            {
                allowed[frontier[k]] = answers[k];
            }
        }

        return n;
    }

    /// <summary>The allowed tokens of the whole vocabulary, by the walk (or one mask pass); returns the checks made.</summary>
    public int AllowedTokens(int vocabularySize, List<int> allowed)
    {
        ArgumentNullException.ThrowIfNull(allowed);
        if (vocabularySize != Tokens.Count)
        {
            throw new ArgumentException($"the vocabulary has {Tokens.Count} tokens, not {vocabularySize}", nameof(vocabularySize));
        }

        LookUpIfPending();
        if (known is not null)
        {
            allowed.AddRange(known.Tokens);
            return 0;
        }

        var start = allowed.Count;
        var checks = Collect(allowed, Pruning);
        if (stateKey is not null && scope is not null)
        {
            known = new AllowedSet(allowed.GetRange(start, allowed.Count - start), Tokens.Count);
            cache!.Add(scope, stateKey, Tail, known);
        }

        return checks;
    }

    /// <summary>
    /// Whether each token of the vocabulary may come next (<paramref name="allowed"/> indexed by token
    /// id), as <see cref="IsAllowed"/> would answer; returns the checks made. Walks the prefix forest
    /// unless the grammar refers to tokens by id.
    /// </summary>
    public int AllowedSet(Span<bool> allowed) => AllowedSet(allowed, Pruning);

    /// <summary>
    /// <see cref="AllowedSet(Span{bool})"/> with the pruning given rather than read off the grammar
    /// (diagnostics: a pruning the grammar does not support can give a wrong set).
    /// </summary>
    public int AllowedSet(Span<bool> allowed, PrefixPruning pruning)
    {
        if (allowed.Length < Tokens.Count)
        {
            throw new ArgumentException($"expected {Tokens.Count} slots, got {allowed.Length}", nameof(allowed));
        }

        found ??= [];
        found.Clear();
        var checks = Collect(found, pruning);
        allowed[..Tokens.Count].Clear();
        foreach (var t in found)
        {
            allowed[t] = true;
        }

        return checks;
    }

    /// <summary>The allowed set by one full-vocabulary grammar pass (every token counts as a check).</summary>
    public int MaskSet(Span<bool> allowed)
    {
        found ??= [];
        found.Clear();
        var checks = MaskCollect(found);
        allowed[..Tokens.Count].Clear();
        foreach (var t in found)
        {
            allowed[t] = true;
        }

        return checks;
    }

    private int Collect(List<int> allowed, PrefixPruning pruning) =>
        pruning == PrefixPruning.None ? MaskCollect(allowed) : WalkCollect(allowed, pruning == PrefixPruning.All);

    private int MaskCollect(List<int> allowed)
    {
        scratch ??= new float[Tokens.Count];
        Array.Clear(scratch);
        Grammar.ApplyMask(scratch);
        for (var t = 0; t < scratch.Length; t++)
        {
            if (!float.IsNegativeInfinity(scratch[t]) && Tokens.Fits(t, Tail))
            {
                allowed.Add(t);
            }
        }

        return scratch.Length;
    }

    private int WalkCollect(List<int> allowed, bool pruneInsideCharacters)
    {
        var trie = Tokens.Trie;
        var checks = 0;
        foreach (var t in trie.Individual)
        {
            checks++;
            if (IsAllowed(t))
            {
                allowed.Add(t);
            }
        }

        batch ??= new int[Tokens.Count];
        answers ??= new bool[Tokens.Count];
        frontier ??= new int[Tokens.Count];
        next ??= new int[Tokens.Count];
        if (!rootsProbed || probedPruneAll != pruneInsideCharacters)
        {
            ProbeRoots(pruneInsideCharacters);
            checks += rootProbeChecks;
        }

        // Below the roots: the children of allowed roots and of rejected ones that do not prune.
        var current = frontier!;
        var following = next;
        var size = 0;
        for (var i = 0; i < trie.Roots.Length; i++)
        {
            var verdict = rootVerdicts![i];
            if (verdict == RootAllowed)
            {
                allowed.Add(trie.Roots[i]);
            }

            if (verdict is RootAllowed or RootOpen)
            {
                var kids = trie.Children(trie.Roots[i]);
                kids.CopyTo(current.AsSpan(size));
                size += kids.Length;
            }
        }

        var tail = Tail;
        while (size > 0)
        {
            // Tokens that break UTF-8 are out without a grammar call, and so is everything below them.
            var n = 0;
            for (var i = 0; i < size; i++)
            {
                if (tail.Push(Tokens.Of(current[i])) is not null)
                {
                    batch[n++] = current[i];
                }
            }

            Grammar.Check(batch.AsSpan(0, n), answers);
            checks += n;
            GrammarEvaluations += n;
            var nextSize = 0;
            for (var i = 0; i < n; i++)
            {
                var t = batch[i];
                if (answers[i])
                {
                    allowed.Add(t);
                }
                else if (pruneInsideCharacters || tail.Push(Tokens.Of(t))!.Value.IsComplete)
                {
                    continue;
                }

                var kids = trie.Children(t);
                kids.CopyTo(following.AsSpan(nextSize));
                nextSize += kids.Length;
            }

            (current, following) = (following, current);
            size = nextSize;
        }

        return checks;
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
            Tail = Tail.Push(Tokens.Of(token))!.Value; // also forgets the state's cached set
            return true;
        }

        return false;
    }

    private void Forget()
    {
        stateKey = null;
        known = null;
        lookupPending = false;
        rootsProbed = false;
        stepEvaluations = 0;
    }
}
