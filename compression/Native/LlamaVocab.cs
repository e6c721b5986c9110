using System.Buffers;
using System.Text;
using Compressor.Native.Handles;
using Compressor.Native.Interop;

namespace Compressor.Native;

/// <summary>
/// A model's tokenizer. Thread-safe (llama.cpp's vocabulary is read-only after load). Works on
/// vocab-only loads too, so any GGUF can count tokens for the LLM a caller will send text to.
/// </summary>
public sealed unsafe class LlamaVocab
{
    private readonly LlamaModel owner;
    private readonly nint vocab;

    internal LlamaVocab(LlamaModel owner, nint vocab)
    {
        this.owner = owner;
        this.vocab = vocab;
        TokenCount = LlamaApi.llama_vocab_n_tokens(vocab);
        Bos = LlamaApi.llama_vocab_bos(vocab);
        Eos = LlamaApi.llama_vocab_eos(vocab);
        Eot = LlamaApi.llama_vocab_eot(vocab);
        AddsBos = LlamaApi.llama_vocab_get_add_bos(vocab) != 0;
        Type = (LlamaVocabType)LlamaApi.llama_vocab_type(vocab);
    }

    public int TokenCount { get; }

    /// <summary>Beginning-of-sequence token, or -1.</summary>
    public int Bos { get; }

    public int Eos { get; }

    public int Eot { get; }

    /// <summary>True when the model expects BOS at the start of a prompt.</summary>
    public bool AddsBos { get; }

    public LlamaVocabType Type { get; }

    internal nint Pointer => vocab;

    internal LlamaModel Owner => owner;

    /// <summary>True for end-of-generation tokens (EOS, EOT, ...).</summary>
    public bool IsEndOfGeneration(int token)
    {
        CheckToken(token);
        using var lease = new HandleLease(owner.Handle);
        return LlamaApi.llama_vocab_is_eog(vocab, token) != 0;
    }

    public bool IsControl(int token)
    {
        CheckToken(token);
        using var lease = new HandleLease(owner.Handle);
        return LlamaApi.llama_vocab_is_control(vocab, token) != 0;
    }

    /// <summary>
    /// Token ids of <paramref name="text"/>. <paramref name="addSpecial"/> adds BOS/EOS as the model
    /// is configured; <paramref name="parseSpecial"/> turns special-token text (chat template
    /// output) into special tokens instead of plain text.
    /// </summary>
    public int[] Tokenize(string text, bool addSpecial = false, bool parseSpecial = false)
    {
        ArgumentNullException.ThrowIfNull(text);
        var byteCount = Encoding.UTF8.GetByteCount(text);
        var bytes = ArrayPool<byte>.Shared.Rent(byteCount + 1);
        try
        {
            Encoding.UTF8.GetBytes(text, bytes);
            var capacity = byteCount + 8;
            using var lease = new HandleLease(owner.Handle);
            while (true)
            {
                var tokens = new int[capacity];
                int n;
                fixed (byte* t = bytes)
                fixed (int* o = tokens)
                {
                    n = LlamaApi.llama_tokenize(vocab, t, byteCount, o, tokens.Length, addSpecial ? (byte)1 : (byte)0, parseSpecial ? (byte)1 : (byte)0);
                }

                if (n == int.MinValue)
                {
                    throw new LlamaException(LlamaErrorCode.TokenizeFailed, "tokenization result exceeds int32 range", n);
                }

                if (n >= 0)
                {
                    return n == tokens.Length ? tokens : tokens[..n];
                }

                capacity = -n;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(bytes);
        }
    }

    /// <summary>Number of tokens of <paramref name="text"/> (no special tokens added).</summary>
    public int CountTokens(string text, bool parseSpecial = false) => Tokenize(text, false, parseSpecial).Length;

    /// <summary>
    /// The raw bytes of one token. They may be a partial UTF-8 sequence: join the bytes of
    /// consecutive tokens before decoding.
    /// </summary>
    public byte[] TokenToBytes(int token, bool renderSpecial = false)
    {
        CheckToken(token);
        Span<byte> small = stackalloc byte[64];
        using var lease = new HandleLease(owner.Handle);
        int n;
        fixed (byte* b = small)
        {
            n = LlamaApi.llama_token_to_piece(vocab, token, b, small.Length, 0, renderSpecial ? (byte)1 : (byte)0);
        }

        if (n >= 0)
        {
            return small[..n].ToArray();
        }

        var large = new byte[-n];
        fixed (byte* b = large)
        {
            n = LlamaApi.llama_token_to_piece(vocab, token, b, large.Length, 0, renderSpecial ? (byte)1 : (byte)0);
        }

        return n < 0 ? throw new LlamaException(LlamaErrorCode.TokenizeFailed, $"token {token} has no piece", n) : large[..n];
    }

    /// <summary>Text of a token sequence (bytes joined, then decoded once).</summary>
    public string Detokenize(ReadOnlySpan<int> tokens, bool removeSpecial = false, bool renderSpecial = false)
    {
        if (tokens.IsEmpty)
        {
            return "";
        }

        foreach (var t in tokens)
        {
            CheckToken(t);
        }

        var capacity = tokens.Length * 8 + 16;
        using var lease = new HandleLease(owner.Handle);
        while (true)
        {
            var buffer = ArrayPool<byte>.Shared.Rent(capacity);
            try
            {
                int n;
                fixed (int* t = tokens)
                fixed (byte* b = buffer)
                {
                    n = LlamaApi.llama_detokenize(vocab, t, tokens.Length, b, buffer.Length, removeSpecial ? (byte)1 : (byte)0, renderSpecial ? (byte)1 : (byte)0);
                }

                if (n >= 0)
                {
                    return Encoding.UTF8.GetString(buffer, 0, n);
                }

                capacity = -n;
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }

    /// <summary>
    /// llama.cpp indexes its token tables with bounds-checked C++ accessors whose exceptions would
    /// cross the C ABI and abort the process: reject out-of-range ids here.
    /// </summary>
    public void CheckToken(int token)
    {
        if ((uint)token >= (uint)TokenCount)
        {
            throw new LlamaException(LlamaErrorCode.InvalidArgument, $"token id {token} is outside the vocabulary (0..{TokenCount - 1})");
        }
    }
}
