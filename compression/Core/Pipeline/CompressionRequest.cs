namespace Compressor.Compression.Pipeline;

/// <summary>
/// What to compress and how far. Either <see cref="Text"/> or <see cref="Messages"/> is set.
/// Method-specific knobs live in <see cref="Options"/> as a typed record per method.
/// </summary>
public sealed record CompressionRequest
{
    public string? Text { get; init; }

    public IReadOnlyList<ChatTurn>? Messages { get; init; }

    public string? Question { get; init; }

    public required string Method { get; init; }

    public required CompressionTarget Target { get; init; }

    /// <summary>Words or phrases the output must contain (when the input does).</summary>
    public IReadOnlyList<string> Keep { get; init; } = [];

    /// <summary>Seed for any randomness, so a fixed seed gives a fixed output.</summary>
    public int Seed { get; init; }

    /// <summary>For messages: keep the system prompt and the last user turn untouched.</summary>
    public bool ProtectSystemAndLastUser { get; init; } = true;

    /// <summary>Method-specific options (a record of the method's own type), or null for defaults.</summary>
    public object? Options { get; init; }
}
