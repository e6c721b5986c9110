using Compressor.Native;

namespace Compressor.Engine.Generation;

/// <summary>
/// Turns chat messages into prompt text with the model's own template (through llama.cpp's
/// built-in matcher), falling back to ChatML when the model has none or llama.cpp does not know it.
/// </summary>
public static class PromptFormatter
{
    public static string Format(LlamaModel model, IReadOnlyList<(string Role, string Content)> messages)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(messages);
        if (model.ChatTemplate is not null)
        {
            try
            {
                return model.ApplyChatTemplate(messages, addAssistantPrefix: true);
            }
            catch (LlamaException)
            {
                // Unknown template: ChatML below is what most small instruction models were trained on.
            }
        }

        var text = new System.Text.StringBuilder();
        foreach (var (role, content) in messages)
        {
            text.Append("<|im_start|>").Append(role).Append('\n').Append(content).Append("<|im_end|>\n");
        }

        return text.Append("<|im_start|>assistant\n").ToString();
    }

    /// <summary>Prompt tokens: BOS when the model wants it; special tokens parsed only in templated text.</summary>
    public static int[] Tokenize(LlamaModel model, string text, bool templated)
    {
        var tokens = model.Vocab.Tokenize(text, addSpecial: model.Vocab.AddsBos, parseSpecial: templated);
        return tokens.Length == 0 && model.Vocab.Bos >= 0 ? [model.Vocab.Bos] : tokens;
    }
}
