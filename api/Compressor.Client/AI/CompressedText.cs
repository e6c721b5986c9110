namespace Compressor.Client.AI;

/// <summary>What the compress function returns to an agent: the text and what it cost.</summary>
public sealed record CompressedText(string Text, int OriginalTokens, int CompressedTokens, double Ratio, bool BudgetMet);
