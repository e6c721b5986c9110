using Compressor.Compression.Tokenization;
using Microsoft.Extensions.AI;

namespace Compressor.Compression.Pipeline;

/// <summary>
/// What a compressor may use for one request, resolved by the host: the tokenizer that counts the
/// budget, optionally a chat client to rewrite text, an embedding generator, and a progress sink.
/// </summary>
public sealed record CompressionEnvironment
{
    public required ITokenizer Tokenizer { get; init; }

    /// <summary>Chat model used to rewrite chunks; null when no model is available.</summary>
    public IChatClient? Summarizer { get; init; }

    /// <summary>Sentence embeddings (e.g. mean-pooled hidden states); null means lexical similarity.</summary>
    public IEmbeddingGenerator<string, Embedding<float>>? Embeddings { get; init; }

    public IProgress<CompressionProgress>? Progress { get; init; }
}
