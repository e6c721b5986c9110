using Compressor.Engine.Generation;
using Compressor.Native;

namespace Compressor.Engine.Eviction;

/// <summary>
/// The three token streams of an eviction request: the prefix (BOS and the chat template up to the
/// context; always kept), the document, and the suffix (question and template tail; the observation
/// window). Templated text is split at a marker so the document is tokenized on its own.
/// </summary>
public sealed record PromptParts(int[] Prefix, int[] Document, int[] Suffix)
{
    private const string Marker = "\u0001CONTEXT\u0001";

    public static PromptParts Build(LlamaModel model, string contextText, string? question, string? rawPrompt)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(contextText);
        var vocab = model.Vocab;
        var document = vocab.Tokenize(contextText);
        int[] bos = vocab.AddsBos && vocab.Bos >= 0 ? [vocab.Bos] : [];
        if (rawPrompt is not null || model.ChatTemplate is null)
        {
            var tail = rawPrompt ?? (question is null ? "" : "\n\n" + question + "\n");
            return new PromptParts(bos, document, tail.Length == 0 ? [] : vocab.Tokenize(tail));
        }

        var content = question is null ? Marker : Marker + "\n\n" + question;
        var templated = PromptFormatter.Format(model, [("user", content)]);
        var at = templated.IndexOf(Marker, StringComparison.Ordinal);
        var prefix = vocab.Tokenize(templated[..at], addSpecial: vocab.AddsBos, parseSpecial: true);
        var suffix = vocab.Tokenize(templated[(at + Marker.Length)..], parseSpecial: true);
        return new PromptParts(prefix, document, suffix);
    }
}
