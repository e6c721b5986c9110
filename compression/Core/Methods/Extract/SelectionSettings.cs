namespace Compressor.Compression.Methods.Extract;

/// <summary>Knobs of <see cref="SentenceSelector"/>.</summary>
/// <param name="SeparatorCost">Tokens a separator between two units costs.</param>
/// <param name="Smoothing">Added to the token count in the greedy key.</param>
/// <param name="LengthExponent">The greedy key divides by (tokens + smoothing) to this power: 1 = value per token, 0 = value alone.</param>
/// <param name="CoverageShare">At most this share of the budget goes to covering required keywords first; 0 turns coverage off.</param>
public sealed record SelectionSettings(int SeparatorCost, double Smoothing, double LengthExponent, double CoverageShare);
