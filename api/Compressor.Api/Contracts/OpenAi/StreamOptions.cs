namespace Compressor.Api.Contracts.OpenAi;

/// <summary><c>include_usage</c> adds a last chunk with empty choices and the usage counts.</summary>
public sealed record StreamOptions(bool? IncludeUsage = null);
