using System.Globalization;
using Microsoft.Extensions.AI;

namespace Compressor.Compression.Methods.Summarize;

/// <summary>The rewrite request for one chunk: the target length in words and tokens and the terms to keep verbatim. Pure.</summary>
public static class SummaryPrompt
{
    /// <summary>Short on purpose: it is prefilled once per chunk, so every token here is paid many times.</summary>
    public const string System =
        "Rewrite the user's text concisely for another model to read. Keep facts, names, numbers and dates. " +
        "Add nothing. Reply with the rewrite only.";

    public static IList<ChatMessage> Build(string chunk, int targetTokens, IReadOnlyList<string> keywords)
    {
        ArgumentNullException.ThrowIfNull(chunk);
        ArgumentNullException.ThrowIfNull(keywords);

        // About 0.75 English words per token.
        var words = Math.Max(3, (int)(targetTokens * 0.75));
        var user = new System.Text.StringBuilder();
        user.Append(CultureInfo.InvariantCulture, $"At most {words} words (about {targetTokens} tokens).");
        if (keywords.Count > 0)
        {
            user.Append(" Keep verbatim: ").AppendJoin("; ", keywords).Append('.');
        }

        user.Append("\n\nText:\n").Append(chunk);
        return [new ChatMessage(ChatRole.System, System), new ChatMessage(ChatRole.User, user.ToString())];
    }
}
