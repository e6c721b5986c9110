namespace Compressor.Compression.Scoring;

/// <summary>
/// Lexical relevance of texts (in reading order) to a question, in [0, 1]:
/// <list type="number">
/// <item>BM25 of each text against the question's content words, divided by the best score;</item>
/// <item>pseudo-relevance feedback (Rocchio's idea as used in RM3-style query expansion): the
/// <see cref="RelevanceOptions.FeedbackTexts"/> best texts lend their rarest content words (highest
/// idf, at most <see cref="RelevanceOptions.FeedbackTerms"/>) to the query with weight
/// <see cref="RelevanceOptions.Feedback"/>, and BM25 is computed again. Multi-hop questions name one
/// entity; the passage that answers them names the bridge entity found next to it;</item>
/// <item>paragraph context: each text's score is blended with the best score in its paragraph
/// (weight <see cref="RelevanceOptions.Paragraph"/>), so a sentence that answers with a pronoun
/// keeps some of its paragraph's relevance; and the paragraph's lead (first) text, which usually names
/// what the paragraph is about, is lifted to at least <see cref="RelevanceOptions.Lead"/> of that best score.</item>
/// </list>
/// Pure; with both knobs at 0 it is plain BM25 scaled by its maximum.
/// </summary>
public static class QuestionRelevance
{
    /// <param name="texts">The texts, in reading order.</param>
    /// <param name="question">The question (null or blank gives zeros).</param>
    /// <param name="paragraphs">For each text, the index of its paragraph (null: every text is its own paragraph).</param>
    /// <param name="options">The knobs (null: <see cref="RelevanceOptions.Default"/>).</param>
    public static double[] Score(IReadOnlyList<string> texts, string? question, IReadOnlyList<int>? paragraphs, RelevanceOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var o = options ?? RelevanceOptions.Default;
        var n = texts.Count;
        if (n == 0 || string.IsNullOrWhiteSpace(question))
        {
            return new double[n];
        }

        if (paragraphs is not null && paragraphs.Count != n)
        {
            throw new ArgumentException("one paragraph index per text is needed", nameof(paragraphs));
        }

        var documents = texts.Select(t => (IReadOnlyList<string>)Terms.Content(t)).ToArray();
        var bm25 = new Bm25(documents);
        var query = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var term in Terms.Content(question))
        {
            query[term] = 1;
        }

        var scores = Features.ScaleByMax(bm25.Score(query));
        if (o.Feedback > 0 && o.FeedbackTexts > 0 && o.FeedbackTerms > 0)
        {
            var expanded = new Dictionary<string, double>(query, StringComparer.Ordinal);
            var best = Enumerable.Range(0, n).Where(i => scores[i] > 0).OrderByDescending(i => scores[i]).ThenBy(i => i).Take(o.FeedbackTexts);
            var candidates = best
                .SelectMany(i => documents[i])
                .Where(t => !query.ContainsKey(t))
                .Distinct(StringComparer.Ordinal)
                .OrderByDescending(bm25.Idf)
                .ThenBy(t => t, StringComparer.Ordinal)
                .Take(o.FeedbackTerms);
            foreach (var term in candidates)
            {
                expanded[term] = o.Feedback;
            }

            if (expanded.Count > query.Count)
            {
                scores = Features.ScaleByMax(bm25.Score(expanded));
            }
        }

        if ((o.Paragraph > 0 || o.Lead > 0) && paragraphs is not null)
        {
            var bestOfParagraph = new Dictionary<int, double>();
            for (var i = 0; i < n; i++)
            {
                bestOfParagraph[paragraphs[i]] = Math.Max(bestOfParagraph.GetValueOrDefault(paragraphs[i]), scores[i]);
            }

            var blended = new double[n];
            for (var i = 0; i < n; i++)
            {
                var best = bestOfParagraph[paragraphs[i]];
                blended[i] = ((1 - o.Paragraph) * scores[i]) + (o.Paragraph * best);
                var isLead = i == 0 || paragraphs[i - 1] != paragraphs[i];
                if (isLead)
                {
                    blended[i] = Math.Max(blended[i], o.Lead * best);
                }
            }

            scores = blended;
        }

        return scores;
    }
}
