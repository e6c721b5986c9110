namespace Compressor.Compression.Budget;

/// <summary>A chunk as the budget solver sees it: size, importance in [0, 1], and whether it can be shortened (false: keep whole or drop).</summary>
public readonly record struct BudgetItem(int Tokens, double Importance, bool Compressible);
