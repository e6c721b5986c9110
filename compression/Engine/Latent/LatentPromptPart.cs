namespace Compressor.Engine.Latent;

/// <summary>A run of prompt positions: either tokens or input embeddings (rows of the decoder's hidden size).</summary>
public sealed record LatentPromptPart
{
    private LatentPromptPart(int[]? tokens, float[]? vectors, int length)
    {
        Tokens = tokens;
        Vectors = vectors;
        Length = length;
    }

    public int[]? Tokens { get; }

    /// <summary>Row-major [Length x hidden] input embeddings.</summary>
    public float[]? Vectors { get; }

    public int Length { get; }

    public bool IsEmbeddings => Vectors is not null;

    public static LatentPromptPart FromTokens(int[] tokens)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        return new(tokens, null, tokens.Length);
    }

    public static LatentPromptPart FromVectors(float[] vectors, int hiddenSize)
    {
        ArgumentNullException.ThrowIfNull(vectors);
        ArgumentOutOfRangeException.ThrowIfLessThan(hiddenSize, 1);
        if (vectors.Length == 0 || vectors.Length % hiddenSize != 0)
        {
            throw new ArgumentException($"{vectors.Length} values are not whole rows of {hiddenSize}", nameof(vectors));
        }

        return new(null, vectors, vectors.Length / hiddenSize);
    }
}
