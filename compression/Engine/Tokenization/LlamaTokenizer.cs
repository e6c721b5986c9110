using Compressor.Compression.Tokenization;
using Compressor.Native;

namespace Compressor.Engine.Tokenization;

/// <summary><see cref="ITokenizer"/> over a llama.cpp vocabulary (a loaded model or a vocab-only copy).</summary>
public sealed class LlamaTokenizer(LlamaVocab vocab, string name) : ITokenizer
{
    public string Name { get; } = name;

    public LlamaVocab Vocab { get; } = vocab;

    public int[] Encode(string text) => Vocab.Tokenize(text);

    public int Count(string text) => text.Length == 0 ? 0 : Vocab.CountTokens(text);

    public string Decode(ReadOnlySpan<int> tokens) => Vocab.Detokenize(tokens);
}
