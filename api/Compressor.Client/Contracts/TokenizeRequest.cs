namespace Compressor.Client.Contracts;

public sealed record TokenizeRequest(string Text, string? Model = null, string? Tokenizer = null, bool ReturnTokens = false);
