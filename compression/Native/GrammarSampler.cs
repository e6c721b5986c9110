using System.Runtime.InteropServices;
using Compressor.Native.Handles;
using Compressor.Native.Interop;
using Compressor.Native.Logging;

namespace Compressor.Native;

/// <summary>
/// llama.cpp's GBNF grammar engine used as an oracle: ask about one token at a time, advance only
/// with allowed tokens. Accepting a forbidden token would throw a C++ exception across the C ABI
/// and kill the process, so the only accept offered checks first. Not thread-safe; clone per sequence.
/// </summary>
public sealed unsafe class GrammarSampler : IDisposable
{
    private readonly SafeLlamaSamplerHandle handle;
    private readonly LlamaVocab vocab;
    private LlamaTokenData[]? maskBuffer;
    private LlamaTokenData[]? checkBuffer;
    private GrammarInternals.RuleTable? rules;
    private bool layoutRejected;
    private readonly List<long[]> keyScratch = [];

    private GrammarSampler(SafeLlamaSamplerHandle handle, LlamaVocab vocab, string gbnf)
    {
        this.handle = handle;
        this.vocab = vocab;
        Gbnf = gbnf;
    }

    /// <summary>The GBNF text this grammar was parsed from (clones share it).</summary>
    public string Gbnf { get; }

    /// <summary>Parses <paramref name="gbnf"/>; throws <see cref="LlamaException"/> (GrammarInvalid) with llama.cpp's message.</summary>
    public static GrammarSampler Create(LlamaVocab vocab, string gbnf, string root = "root")
    {
        ArgumentNullException.ThrowIfNull(vocab);
        ArgumentNullException.ThrowIfNull(gbnf);
        if (string.IsNullOrWhiteSpace(gbnf))
        {
            throw new LlamaException(LlamaErrorCode.GrammarInvalid, "grammar is empty");
        }

        var g = Marshal.StringToCoTaskMemUTF8(gbnf);
        var r = Marshal.StringToCoTaskMemUTF8(root);
        try
        {
            NativeLog.ClearLastError();
            nint pointer;
            using (new HandleLease(vocab.Owner.Handle))
            {
                pointer = LlamaApi.llama_sampler_init_grammar(vocab.Pointer, (byte*)g, (byte*)r);
            }

            if (pointer == 0)
            {
                var reason = NativeLog.TakeLastError();
                throw new LlamaException(LlamaErrorCode.GrammarInvalid, "grammar does not parse" + (reason is null ? "" : $": {reason}"));
            }

            return new GrammarSampler(new SafeLlamaSamplerHandle(pointer, vocab.Owner.Handle), vocab, gbnf);
        }
        finally
        {
            Marshal.FreeCoTaskMem(g);
            Marshal.FreeCoTaskMem(r);
        }
    }

    /// <summary>Whether the grammar allows <paramref name="token"/> next (end-of-generation only when the grammar can end).</summary>
    public bool IsAllowed(int token)
    {
        vocab.CheckToken(token);
        var one = new LlamaTokenData { Id = token, Logit = 0f, P = 0f };
        var array = new LlamaTokenDataArray { Data = &one, Size = 1, Selected = -1, Sorted = 0 };
        using var lease = new HandleLease(handle);
        LlamaApi.llama_sampler_apply(lease.Pointer, &array);
        return !float.IsNegativeInfinity(one.Logit);
    }

    /// <summary>
    /// Whether the grammar allows each of <paramref name="tokens"/> next, in one llama.cpp call: the
    /// same answers as <see cref="IsAllowed"/> one by one, without a per-token native call.
    /// </summary>
    public void Check(ReadOnlySpan<int> tokens, Span<bool> allowed)
    {
        if (allowed.Length < tokens.Length)
        {
            throw new ArgumentException("one answer slot per token is needed", nameof(allowed));
        }

        if (tokens.IsEmpty)
        {
            return;
        }

        if (checkBuffer is null || checkBuffer.Length < tokens.Length)
        {
            checkBuffer = new LlamaTokenData[Math.Max(tokens.Length, Math.Min(vocab.TokenCount, 1024))];
        }

        for (var i = 0; i < tokens.Length; i++)
        {
            vocab.CheckToken(tokens[i]);
            checkBuffer[i] = new LlamaTokenData { Id = tokens[i], Logit = 0f, P = 0f };
        }

        fixed (LlamaTokenData* d = checkBuffer)
        {
            var array = new LlamaTokenDataArray { Data = d, Size = (nuint)tokens.Length, Selected = -1, Sorted = 0 };
            using var lease = new HandleLease(handle);
            LlamaApi.llama_sampler_apply(lease.Pointer, &array);
        }

        for (var i = 0; i < tokens.Length; i++)
        {
            allowed[i] = !float.IsNegativeInfinity(checkBuffer[i].Logit);
        }
    }

    /// <summary>Advances the grammar with <paramref name="token"/> if it is allowed; returns false (state unchanged) otherwise.</summary>
    public bool TryAccept(int token)
    {
        if (!IsAllowed(token))
        {
            return false;
        }

        using var lease = new HandleLease(handle);
        LlamaApi.llama_sampler_accept(lease.Pointer, token);
        return true;
    }

    /// <summary>Advances with an allowed token; throws <see cref="InvalidOperationException"/> for a forbidden one.</summary>
    public void Accept(int token)
    {
        if (!TryAccept(token))
        {
            throw new InvalidOperationException($"the grammar does not allow token {token} here");
        }
    }

    /// <summary>
    /// Full-vocabulary masking (the slow path AWRS avoids): sets the logits of forbidden tokens to
    /// -inf in place and returns how many tokens are allowed.
    /// </summary>
    public int ApplyMask(Span<float> logits)
    {
        if (logits.Length != vocab.TokenCount)
        {
            throw new ArgumentException($"expected {vocab.TokenCount} logits, got {logits.Length}", nameof(logits));
        }

        maskBuffer ??= new LlamaTokenData[logits.Length];
        for (var i = 0; i < logits.Length; i++)
        {
            maskBuffer[i] = new LlamaTokenData { Id = i, Logit = logits[i], P = 0f };
        }

        fixed (LlamaTokenData* d = maskBuffer)
        {
            var array = new LlamaTokenDataArray { Data = d, Size = (nuint)logits.Length, Selected = -1, Sorted = 0 };
            using var lease = new HandleLease(handle);
            LlamaApi.llama_sampler_apply(lease.Pointer, &array);
        }

        var allowed = 0;
        for (var i = 0; i < logits.Length; i++)
        {
            logits[i] = maskBuffer[i].Logit;
            if (!float.IsNegativeInfinity(logits[i]))
            {
                allowed++;
            }
        }

        return allowed;
    }

    /// <summary>
    /// A canonical key of the current state (equal keys: the same continuations are allowed), read
    /// from llama.cpp's memory (see <see cref="GrammarInternals"/>); null when the layout of this
    /// llama.cpp build is not the expected one. About a microsecond per stack element.
    /// </summary>
    public GrammarStateKey? StateKey()
    {
        if (layoutRejected)
        {
            return null;
        }

        using var lease = new HandleLease(handle);
        var ctx = *(nint*)(lease.Pointer + 8);
        var grammar = ctx == 0 ? 0 : *(nint*)(ctx + 72);
        if (rules is null || rules.Grammar != grammar)
        {
            // First use, or llama_sampler_reset made a new grammar object: check the layout again.
            var checkedGrammar = GrammarInternals.GrammarOf(lease.Pointer, vocab.Pointer, Gbnf);
            rules = checkedGrammar == 0 ? null : GrammarInternals.Rules(checkedGrammar);
            if (rules is null)
            {
                layoutRejected = true;
                return null;
            }
        }

        var key = GrammarInternals.Read(rules, keyScratch);
        layoutRejected = key is null;
        return key;
    }

    /// <summary>An independent copy of the current grammar state (for another sequence or particle).</summary>
    public GrammarSampler Clone()
    {
        using var lease = new HandleLease(handle);
        var pointer = LlamaApi.llama_sampler_clone(lease.Pointer);
        return pointer == 0
            ? throw new LlamaException(LlamaErrorCode.GrammarInvalid, "llama_sampler_clone failed")
            : new GrammarSampler(new SafeLlamaSamplerHandle(pointer, handle.Model), vocab, Gbnf);
    }

    /// <summary>Back to the grammar's start state.</summary>
    public void Reset()
    {
        using var lease = new HandleLease(handle);
        LlamaApi.llama_sampler_reset(lease.Pointer);
    }

    public void Dispose() => handle.Dispose();
}
