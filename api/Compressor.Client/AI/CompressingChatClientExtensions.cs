using Microsoft.Extensions.AI;

namespace Compressor.Client.AI;

/// <summary>
/// <c>UseCompression</c> for <see cref="IChatClient"/>. (<c>ChatClientBuilder</c> lives in the
/// Microsoft.Extensions.AI package, not in the abstractions this library depends on; with a builder, use
/// <c>builder.Use(CompressingChatClient.Middleware(options))</c>.)
/// </summary>
public static class CompressingChatClientExtensions
{
    /// <summary>Wraps <paramref name="inner"/> so that long conversations are compressed before it sees them.</summary>
    public static IChatClient UseCompression(this IChatClient inner, CompressorClient compressor, CompressionOptions? options = null) =>
        new CompressingChatClient(inner, compressor, options);
}
