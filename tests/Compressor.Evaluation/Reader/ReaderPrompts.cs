namespace Compressor.Evaluation.Reader;

/// <summary>The reader's prompts: short-answer QA, and (query-focused) summarization.</summary>
internal static class ReaderPrompts
{
    public const int AnswerTokens = 32;

    public const int SummaryTokens = 160;

    public static string Answer(string context, string question) =>
        $"Answer the question using only the context. Reply with the answer alone, a few words, no explanation.\n\nContext:\n{context}\n\nQuestion: {question}\nAnswer:";

    public static string Summary(string context, string? query) => query is null
        ? $"Summarize the following text in three or four sentences.\n\nText:\n{context}\n\nSummary:"
        : $"Using only the text below, answer the request in a few sentences.\n\nText:\n{context}\n\nRequest: {query}\nAnswer:";

    /// <summary>The first line of a reply, trimmed: models often continue after the answer.</summary>
    public static string FirstLine(string reply)
    {
        ArgumentNullException.ThrowIfNull(reply);
        var trimmed = reply.Trim();
        var newline = trimmed.IndexOf('\n', StringComparison.Ordinal);
        return newline < 0 ? trimmed : trimmed[..newline].Trim();
    }
}
