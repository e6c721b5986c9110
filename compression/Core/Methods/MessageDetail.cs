namespace Compressor.Compression.Methods;

/// <summary>One chat message of a messages[] compression; <see cref="Details"/> is the method's details for it (null when untouched).</summary>
public sealed record MessageDetail(int Index, string Role, bool Protected, int OriginalTokens, int BudgetTokens, int CompressedTokens, object? Details);
