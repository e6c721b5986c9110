namespace Compressor.Api.Contracts;

/// <summary>A model in the registry with its GGUF metadata.</summary>
public sealed record ModelDto(
    string Id,
    string File,
    long FileSize,
    bool Loaded,
    bool IsDefault,
    string? Architecture,
    string? Name,
    long? ParameterCount,
    int? ContextLength,
    int? EmbeddingLength,
    int? LayerCount,
    int? HeadCount,
    int? VocabSize,
    string? TokenizerModel,
    string? FileType,
    bool? HasChatTemplate,
    bool? VocabOnly,
    string? Fingerprint,
    string? Error);
