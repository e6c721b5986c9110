namespace Compressor.Api.Contracts;

public sealed record TokenizeResponse(int Count, string Tokenizer, IReadOnlyList<int>? Tokens);
