namespace Compressor.Gguf;

/// <summary>Metadata key names used by llama.cpp (gguf-py constants.py); {arch} keys are built with <see cref="ForArchitecture"/>.</summary>
public static class GgufKeys
{
    public const string Architecture = "general.architecture";
    public const string Name = "general.name";
    public const string Alignment = "general.alignment";
    public const string FileType = "general.file_type";
    public const string QuantizationVersion = "general.quantization_version";

    public const string ContextLength = "context_length";
    public const string EmbeddingLength = "embedding_length";
    public const string BlockCount = "block_count";
    public const string FeedForwardLength = "feed_forward_length";
    public const string HeadCount = "attention.head_count";
    public const string HeadCountKv = "attention.head_count_kv";
    public const string RmsNormEpsilon = "attention.layer_norm_rms_epsilon";
    public const string RopeFreqBase = "rope.freq_base";
    public const string RopeDimensionCount = "rope.dimension_count";
    public const string VocabSize = "vocab_size";

    public const string TokenizerPrefix = "tokenizer.";
    public const string TokenizerModel = "tokenizer.ggml.model";
    public const string TokenizerPre = "tokenizer.ggml.pre";
    public const string Tokens = "tokenizer.ggml.tokens";
    public const string TokenScores = "tokenizer.ggml.scores";
    public const string TokenTypes = "tokenizer.ggml.token_type";
    public const string Merges = "tokenizer.ggml.merges";
    public const string BosTokenId = "tokenizer.ggml.bos_token_id";
    public const string EosTokenId = "tokenizer.ggml.eos_token_id";
    public const string PaddingTokenId = "tokenizer.ggml.padding_token_id";
    public const string AddBosToken = "tokenizer.ggml.add_bos_token";
    public const string AddEosToken = "tokenizer.ggml.add_eos_token";
    public const string ChatTemplate = "tokenizer.chat_template";

    /// <summary>"llama" + "block_count" gives "llama.block_count".</summary>
    public static string ForArchitecture(string architecture, string suffix) => $"{architecture}.{suffix}";
}
