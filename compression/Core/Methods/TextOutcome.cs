namespace Compressor.Compression.Methods;

/// <summary>The compressed form of one text, with its token count and the method's details.</summary>
public sealed record TextOutcome(string Text, int Tokens, object? Details);
