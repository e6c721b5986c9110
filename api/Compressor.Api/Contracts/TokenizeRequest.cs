namespace Compressor.Api.Contracts;

/// <summary>POST /v1/tokenize. <c>tokenizer</c> names a model whose vocabulary counts (default: <c>model</c>, then the default model).</summary>
public sealed record TokenizeRequest(string? Text, string? Model = null, string? Tokenizer = null, bool ReturnTokens = false);
