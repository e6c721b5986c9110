namespace Compressor.Engine.Latent;

/// <summary>
/// How the decoder reads latents. <see cref="Template"/> is prompt text (special tokens parsed) with
/// one <c>{latents}</c> placeholder and at most one <c>{instruction}</c>. <c>{latents}</c> expands,
/// per block, to the start marker token, the block's projected vectors as input embeddings and the
/// end marker token, blocks joined by <see cref="BlockSeparator"/>. C3's decoder prompt is ChatML with
/// "&lt;img&gt;" + 32 vectors + "&lt;/img&gt;\n" before "Repeat the text: ".
/// </summary>
public sealed record LatentPromptTemplate
{
    public const string LatentsPlaceholder = "{latents}";
    public const string InstructionPlaceholder = "{instruction}";
    public const string ReconstructInstruction = "Repeat the text: ";

    public required string Template { get; init; }

    /// <summary>Token id placed before each block's vectors; -1 for none.</summary>
    public int LatentStart { get; init; } = -1;

    /// <summary>Token id placed after each block's vectors; -1 for none.</summary>
    public int LatentEnd { get; init; } = -1;

    /// <summary>Optional text of the marker tokens, checked against the decoder's vocabulary.</summary>
    public string LatentStartText { get; init; } = "";

    public string LatentEndText { get; init; } = "";

    public string BlockSeparator { get; init; } = "";

    public string DefaultInstruction { get; init; } = ReconstructInstruction;

    /// <summary>Problems with the template text, or null.</summary>
    public string? Check()
    {
        var latents = Count(Template, LatentsPlaceholder);
        if (latents != 1)
        {
            return $"the decoder template must hold exactly one {LatentsPlaceholder}, it holds {latents}";
        }

        var instructions = Count(Template, InstructionPlaceholder);
        if (instructions > 1)
        {
            return $"the decoder template may hold one {InstructionPlaceholder}, it holds {instructions}";
        }

        return LatentStart < -1 || LatentEnd < -1 ? "marker token ids must be -1 (none) or a token id" : null;
    }

    private static int Count(string text, string part)
    {
        var n = 0;
        for (var i = text.IndexOf(part, StringComparison.Ordinal); i >= 0; i = text.IndexOf(part, i + part.Length, StringComparison.Ordinal))
        {
            n++;
        }

        return n;
    }
}
