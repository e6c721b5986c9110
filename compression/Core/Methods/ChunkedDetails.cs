using Compressor.Compression.Keywords;

namespace Compressor.Compression.Methods;

/// <summary>Details of extract and summarize: the chunk map, keyword maintaining, and the budget used.</summary>
public sealed record ChunkedDetails(IReadOnlyList<ChunkDetail> Chunks, KeywordReport Keywords, int BudgetTokens);
