using Compressor.Compression.Scoring;

namespace Compressor.Compression.Methods.Summarize;

/// <summary>
/// A lexical faithfulness check of a rewrite against its source chunk: the share of the rewrite's
/// content words (stemmed, stopwords out) that occur in the source. A concise rewrite reuses the
/// source's words; a rewrite that brings its own (hallucinated names or numbers, an answer to a
/// question nobody asked, or the gibberish of an untrained model) scores low and is replaced by an
/// extractive selection of the chunk. Pure.
/// </summary>
public static class RewriteGuard
{
    /// <summary>Share in [0, 1] of the rewrite's content words found in the source; 1 for a rewrite without content words.</summary>
    public static double Faithfulness(string rewrite, string source)
    {
        ArgumentNullException.ThrowIfNull(rewrite);
        ArgumentNullException.ThrowIfNull(source);
        var words = Terms.Content(rewrite);
        if (words.Count == 0)
        {
            return 1;
        }

        var known = new HashSet<string>(Terms.Content(source), StringComparer.Ordinal);
        return (double)words.Count(known.Contains) / words.Count;
    }
}
