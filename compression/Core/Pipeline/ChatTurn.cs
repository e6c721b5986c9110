namespace Compressor.Compression.Pipeline;

/// <summary>One chat message: role ("system", "user", "assistant", ...) and its text.</summary>
public sealed record ChatTurn(string Role, string Content);
