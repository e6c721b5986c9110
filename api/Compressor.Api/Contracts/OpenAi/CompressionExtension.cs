namespace Compressor.Api.Contracts.OpenAi;

/// <summary>
/// The <c>compression</c> extension field: the messages go through /v1/compress (system prompt and
/// last user turn kept unless <c>protect_system_and_last_user</c> is false) before generation.
/// </summary>
public sealed record CompressionExtension
{
    public string? Method { get; init; }

    public TargetDto? Target { get; init; }

    public string? Question { get; init; }

    public IReadOnlyList<string>? Keep { get; init; }

    /// <summary>The model that compresses; default: the request's model.</summary>
    public string? Model { get; init; }

    public bool? ProtectSystemAndLastUser { get; init; }
}
