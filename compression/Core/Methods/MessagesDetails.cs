namespace Compressor.Compression.Methods;

/// <summary>Details of a messages[] compression: the budget shared by the compressible messages and each message's outcome.</summary>
public sealed record MessagesDetails(IReadOnlyList<MessageDetail> Messages, int BudgetTokens, int ProtectedTokens);
