namespace Compressor.Compression.Methods.Extract;

/// <summary>Knobs of <see cref="SentenceSelector"/>.</summary>
/// <param name="SeparatorCost">Tokens a separator between two units costs.</param>
/// <param name="Smoothing">Added to the token count in the greedy key.</param>
/// <param name="LengthExponent">The greedy key divides by (tokens + smoothing) to this power: 1 = value per token, 0 = value alone.</param>
/// <param name="CoverageShare">At most this share of the budget goes to covering required keywords first; 0 turns coverage off.</param>
public sealed record SelectionSettings(int SeparatorCost, double Smoothing, double LengthExponent, double CoverageShare)
{
    /// <summary>Extract's default ranking (smoothing 16, exponent 0.5) without a coverage pass, for selections inside summarize.</summary>
    public static SelectionSettings Ranking(int separatorCost) => new(separatorCost, 16, 0.5, 0);

    /// <summary>The greedy key of a unit: score / (tokens + smoothing)^exponent.</summary>
    public double Key(double score, int tokens) => score / Math.Pow(tokens + Smoothing, LengthExponent);
}
