namespace Compressor.Engine.Eviction;

/// <summary>
/// What method "attention" kept: every model token of the input with its character span and score
/// (the web UI draws them as a heat map), how many the output holds, and the budget in tokens of
/// the request's tokenizer.
/// </summary>
public sealed record AttentionDetails(string Policy, IReadOnlyList<AttentionTokenDetail> Tokens, int KeptCount, int BudgetTokens);
