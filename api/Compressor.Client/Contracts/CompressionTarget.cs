namespace Compressor.Client.Contracts;

/// <summary>How far to compress: <c>ratio</c> = compressed / original tokens (0.25 keeps a quarter), or an absolute token count.</summary>
public sealed record CompressionTarget(double? Ratio = null, int? Tokens = null)
{
    public static CompressionTarget ToRatio(double ratio) => new(Ratio: ratio);

    public static CompressionTarget ToTokens(int tokens) => new(Tokens: tokens);
}
