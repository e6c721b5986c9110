namespace Compressor.Engine.Latent;

/// <summary>
/// Everything that turns an encoder LLM and a decoder LLM into a latent codec (C3, arXiv 2511.15244):
/// L learned query embeddings appended after each block of text in the encoder, the projector from
/// the encoder's hidden size into the decoder's embedding size, the decoder's prompt template with its
/// marker tokens, the text tokens per block, and which models it was trained with.
/// </summary>
public sealed record LatentAdapter
{
    public const int FormatVersion = 1;

    public required string Name { get; init; }

    /// <summary>Text tokens (encoder tokenizer) per latent block, at most.</summary>
    public required int BlockSize { get; init; }

    public required int QueryCount { get; init; }

    public required int EncoderHiddenSize { get; init; }

    /// <summary>Query embeddings, row-major [QueryCount x EncoderHiddenSize].</summary>
    public required float[] Queries { get; init; }

    public required LatentProjector Projector { get; init; }

    /// <summary>Token id decoded between the text and the queries in the encoder (C3: "&lt;img&gt;"); -1 for none.</summary>
    public int EncoderLatentStart { get; init; } = -1;

    public string EncoderLatentStartText { get; init; } = "";

    public required LatentPromptTemplate Decoder { get; init; }

    public required LatentModelReference EncoderModel { get; init; }

    public required LatentModelReference DecoderModel { get; init; }

    public int DecoderHiddenSize => Projector.OutputSize;

    /// <summary>Text tokens per latent vector at a full block.</summary>
    public double NominalRatio => (double)BlockSize / QueryCount;

    /// <summary>Throws <see cref="LatentAdapterException"/> naming the first inconsistency.</summary>
    public void Validate(string source)
    {
        string? problem = null;
        if (string.IsNullOrWhiteSpace(Name))
        {
            problem = "the adapter has no name";
        }
        else if (QueryCount < 1 || EncoderHiddenSize < 1)
        {
            problem = $"query count ({QueryCount}) and encoder hidden size ({EncoderHiddenSize}) must be positive";
        }
        else if (Queries is null || Queries.Length != (long)QueryCount * EncoderHiddenSize)
        {
            problem = $"the queries hold {Queries?.Length ?? 0} values, expected {QueryCount} x {EncoderHiddenSize}";
        }
        else if (Projector.InputSize != EncoderHiddenSize)
        {
            problem = $"the projector takes {Projector.InputSize} values but the encoder hidden size is {EncoderHiddenSize}";
        }
        else if (BlockSize < 1)
        {
            problem = $"the block size must be positive, got {BlockSize}";
        }
        else if (EncoderLatentStart < -1)
        {
            problem = "the encoder marker must be -1 (none) or a token id";
        }
        else if (string.IsNullOrWhiteSpace(EncoderModel.Name) || string.IsNullOrWhiteSpace(DecoderModel.Name))
        {
            problem = "the adapter must name its encoder and decoder models";
        }
        else
        {
            problem = Decoder.Check();
        }

        if (problem is not null)
        {
            throw new LatentAdapterException(source, problem);
        }
    }
}
