namespace Compressor.Client.Contracts;

/// <summary>A model in the service's registry (OpenAI's model object plus GGUF metadata).</summary>
public sealed record ModelInfo
{
    public string Id { get; init; } = "";

    public string Object { get; init; } = "model";

    public long Created { get; init; }

    public string? OwnedBy { get; init; }

    public string? File { get; init; }

    public long FileSize { get; init; }

    public bool Loaded { get; init; }

    public bool IsDefault { get; init; }

    public string? Architecture { get; init; }

    public string? Name { get; init; }

    public long? ParameterCount { get; init; }

    public int? ContextLength { get; init; }

    public int? VocabSize { get; init; }

    public bool? HasChatTemplate { get; init; }

    public string? Fingerprint { get; init; }

    public string? Error { get; init; }
}
