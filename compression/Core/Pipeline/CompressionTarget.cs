using Compressor.Compression.Errors;

namespace Compressor.Compression.Pipeline;

/// <summary>
/// The size a compression aims for: either a ratio (compressed / original tokens, so 0.25 keeps a
/// quarter) or an absolute number of tokens. Exactly one is set.
/// </summary>
public sealed record CompressionTarget(double? Ratio = null, int? Tokens = null)
{
    /// <summary>The largest token count allowed for an input of <paramref name="originalTokens"/> tokens.</summary>
    public int BudgetFor(int originalTokens)
    {
        if (Tokens is int t)
        {
            return t;
        }

        var r = Ratio ?? throw CompressorException.BadRequest("target_missing", "target needs ratio or tokens", "target");
        return Math.Max(1, (int)Math.Floor(originalTokens * r));
    }

    /// <summary>Throws a bad-request error naming the field when the target is not usable.</summary>
    public void Validate(string path = "target")
    {
        if (Ratio is null == Tokens is null)
        {
            throw CompressorException.BadRequest("target_invalid", "target needs exactly one of ratio or tokens", path);
        }

        if (Ratio is double r && (double.IsNaN(r) || r <= 0 || r > 1))
        {
            throw CompressorException.BadRequest("ratio_out_of_range", $"target.ratio must be in (0, 1], got {r}", path + ".ratio");
        }

        if (Tokens is int n && (n < 1 || n > MaxTokens))
        {
            throw CompressorException.BadRequest("tokens_out_of_range", $"target.tokens must be between 1 and {MaxTokens}, got {n}", path + ".tokens");
        }
    }

    /// <summary>Upper bound on an absolute target; larger numbers are certainly a mistake.</summary>
    public const int MaxTokens = 10_000_000;
}
