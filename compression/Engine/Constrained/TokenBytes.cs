using System.Runtime.CompilerServices;
using Compressor.Native;

namespace Compressor.Engine.Constrained;

/// <summary>Every token's bytes and end-of-generation flag (and their prefix forest), read once per vocabulary and shared.</summary>
public sealed class TokenBytes
{
    private static readonly ConditionalWeakTable<LlamaVocab, TokenBytes> Cache = [];

    private readonly byte[][] bytes;
    private readonly bool[] endOfGeneration;
    private readonly Lazy<TokenTrie> trie;

    private TokenBytes(LlamaVocab vocab)
    {
        bytes = new byte[vocab.TokenCount][];
        endOfGeneration = new bool[vocab.TokenCount];
        for (var t = 0; t < bytes.Length; t++)
        {
            bytes[t] = vocab.TokenToBytes(t);
            endOfGeneration[t] = vocab.IsEndOfGeneration(t);
        }

        trie = new Lazy<TokenTrie>(() => TokenTrie.Build(this), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public int Count => bytes.Length;

    /// <summary>The tokens arranged by byte prefix (built on first use, then shared like these bytes).</summary>
    public TokenTrie Trie => trie.Value;

    public static TokenBytes For(LlamaVocab vocab)
    {
        ArgumentNullException.ThrowIfNull(vocab);
        return Cache.GetValue(vocab, v => new TokenBytes(v));
    }

    public ReadOnlySpan<byte> Of(int token) => bytes[token];

    public bool IsEndOfGeneration(int token) => endOfGeneration[token];

    /// <summary>Whether <paramref name="token"/> keeps text ending in <paramref name="tail"/> valid UTF-8 (end of generation: only on a whole character).</summary>
    public bool Fits(int token, Utf8Tail tail) =>
        endOfGeneration[token] ? tail.IsComplete : tail.Push(bytes[token]) is not null;
}
