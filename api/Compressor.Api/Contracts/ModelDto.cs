using System.Text.Json.Serialization;

namespace Compressor.Api.Contracts;

/// <summary>A model in the registry with its GGUF metadata; <c>object</c>, <c>created</c> and <c>owned_by</c> make it an OpenAI model object too.</summary>
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
    string? Error)
{
    /// <summary>OpenAI's object type for a model.</summary>
    [JsonPropertyOrder(-1)]
    public string Object => "model";

    /// <summary>Unix seconds: the model file's last write time.</summary>
    public long Created { get; init; }

    public string OwnedBy => "compressor";
}
