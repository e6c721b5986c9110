namespace Compressor.Client.Contracts;

/// <summary>POST /v1/tokenize: the count in the named tokenizer, and the ids when asked for.</summary>
public sealed record TokenizeResult(int Count, string Tokenizer, IReadOnlyList<int>? Tokens);
