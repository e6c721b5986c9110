using Compressor.Native;

namespace Compressor.Engine.Latent;

/// <summary>A decoder prompt: token runs and embedding runs, in order.</summary>
public sealed class LatentPrompt
{
    public LatentPrompt(IReadOnlyList<LatentPromptPart> parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        Parts = [.. parts.Where(p => p.Length > 0)];
        if (Parts.Count == 0)
        {
            throw new ArgumentException("a prompt needs at least one position", nameof(parts));
        }
    }

    public IReadOnlyList<LatentPromptPart> Parts { get; }

    /// <summary>Positions the prompt takes in the decoder.</summary>
    public int Length => Parts.Sum(p => p.Length);

    /// <summary>Positions taken by input embeddings (the latents).</summary>
    public int EmbeddingPositions => Parts.Where(p => p.IsEmbeddings).Sum(p => p.Length);

    /// <summary>
    /// Expands <paramref name="template"/>: text parts tokenized with special tokens parsed, each block
    /// as [start marker] vectors [end marker], blocks joined by the separator, and the instruction
    /// tokenized as plain text (never parsed for special tokens: it comes from the caller).
    /// </summary>
    public static LatentPrompt Build(LlamaVocab vocab, LatentPromptTemplate template, IReadOnlyList<float[]> blocks, int hiddenSize, string? instruction)
    {
        ArgumentNullException.ThrowIfNull(vocab);
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(blocks);
        var parts = new List<LatentPromptPart>();
        if (vocab.AddsBos && vocab.Bos >= 0)
        {
            parts.Add(LatentPromptPart.FromTokens([vocab.Bos]));
        }

        void Text(string text, bool special) => parts.Add(LatentPromptPart.FromTokens(vocab.Tokenize(text, addSpecial: false, parseSpecial: special)));

        var at = template.Template.IndexOf(LatentPromptTemplate.LatentsPlaceholder, StringComparison.Ordinal);
        var before = template.Template[..at];
        var after = template.Template[(at + LatentPromptTemplate.LatentsPlaceholder.Length)..];
        WithInstruction(before, instruction ?? template.DefaultInstruction, Text);
        for (var b = 0; b < blocks.Count; b++)
        {
            if (b > 0 && template.BlockSeparator.Length > 0)
            {
                Text(template.BlockSeparator, true);
            }

            if (template.LatentStart >= 0)
            {
                parts.Add(LatentPromptPart.FromTokens([template.LatentStart]));
            }

            parts.Add(LatentPromptPart.FromVectors(blocks[b], hiddenSize));
            if (template.LatentEnd >= 0)
            {
                parts.Add(LatentPromptPart.FromTokens([template.LatentEnd]));
            }
        }

        WithInstruction(after, instruction ?? template.DefaultInstruction, Text);
        return new LatentPrompt(parts);
    }

    private static void WithInstruction(string text, string instruction, Action<string, bool> add)
    {
        var at = text.IndexOf(LatentPromptTemplate.InstructionPlaceholder, StringComparison.Ordinal);
        if (at < 0)
        {
            if (text.Length > 0)
            {
                add(text, true);
            }

            return;
        }

        if (at > 0)
        {
            add(text[..at], true);
        }

        if (instruction.Length > 0)
        {
            add(instruction, false);
        }

        var rest = text[(at + LatentPromptTemplate.InstructionPlaceholder.Length)..];
        if (rest.Length > 0)
        {
            add(rest, true);
        }
    }
}
