using System.Globalization;
using Microsoft.Extensions.AI;

namespace Compressor.Compression.Methods.Summarize;

/// <summary>The rewrite request for one chunk: the target length in words and tokens and the terms to keep verbatim. Pure.</summary>
public static class SummaryPrompt
{
    public const string System =
        "You compress text for another language model to read. Rewrite the text more concisely, keeping its facts, " +
        "names, numbers and dates. Do not add anything. Reply with the rewritten text only.";

    public static IList<ChatMessage> Build(string chunk, int targetTokens, IReadOnlyList<string> keywords)
    {
        ArgumentNullException.ThrowIfNull(chunk);
        ArgumentNullException.ThrowIfNull(keywords);

        // About 0.75 English words per token.
        var words = Math.Max(3, (int)(targetTokens * 0.75));
        var user = new System.Text.StringBuilder();
        user.Append(CultureInfo.InvariantCulture, $"Rewrite the text below in at most {words} words (about {targetTokens} tokens).");
        if (keywords.Count > 0)
        {
            user.Append(" Keep these terms exactly as written: ").AppendJoin("; ", keywords).Append('.');
        }

        user.Append("\n\nText:\n").Append(chunk);
        return [new ChatMessage(ChatRole.System, System), new ChatMessage(ChatRole.User, user.ToString())];
    }
}
