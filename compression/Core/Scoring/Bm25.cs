namespace Compressor.Compression.Scoring;

/// <summary>Okapi BM25 (Robertson and Zaragoza 2009) over a fixed set of documents given as term lists.</summary>
public sealed class Bm25
{
    private readonly IReadOnlyList<IReadOnlyList<string>> _documents;
    private readonly Dictionary<string, int> _documentFrequency = new(StringComparer.Ordinal);
    private readonly double _averageLength;

    public Bm25(IReadOnlyList<IReadOnlyList<string>> documents, double k1 = 1.2, double b = 0.75)
    {
        ArgumentNullException.ThrowIfNull(documents);
        _documents = documents;
        K1 = k1;
        B = b;
        long total = 0;
        foreach (var doc in documents)
        {
            total += doc.Count;
            foreach (var term in doc.Distinct(StringComparer.Ordinal))
            {
                _documentFrequency[term] = _documentFrequency.GetValueOrDefault(term) + 1;
            }
        }

        _averageLength = documents.Count == 0 ? 0 : (double)total / documents.Count;
    }

    public double K1 { get; }

    public double B { get; }

    /// <summary>Lucene's non-negative idf: ln(1 + (N - df + 0.5) / (df + 0.5)).</summary>
    public double Idf(string term)
    {
        var df = _documentFrequency.GetValueOrDefault(term);
        return Math.Log(1 + ((_documents.Count - df + 0.5) / (df + 0.5)));
    }

    /// <summary>The score of every document for the query terms (duplicates in the query count once).</summary>
    public double[] Score(IEnumerable<string> query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var weights = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var t in query)
        {
            weights[t] = 1;
        }

        return Score(weights);
    }

    /// <summary>The score of every document for a weighted query: each term's contribution is multiplied by its weight.</summary>
    public double[] Score(IReadOnlyDictionary<string, double> weightedQuery)
    {
        ArgumentNullException.ThrowIfNull(weightedQuery);
        var scores = new double[_documents.Count];
        var idf = weightedQuery
            .Where(kv => kv.Value > 0 && _documentFrequency.ContainsKey(kv.Key))
            .ToDictionary(kv => kv.Key, kv => kv.Value * Idf(kv.Key), StringComparer.Ordinal);
        if (idf.Count == 0)
        {
            return scores;
        }

        for (var d = 0; d < _documents.Count; d++)
        {
            var doc = _documents[d];
            var norm = K1 * (1 - B + (B * doc.Count / Math.Max(_averageLength, 1e-9)));
            var tf = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var t in doc)
            {
                if (idf.ContainsKey(t))
                {
                    tf[t] = tf.GetValueOrDefault(t) + 1;
                }
            }

            foreach (var (t, f) in tf)
            {
                scores[d] += idf[t] * f * (K1 + 1) / (f + norm);
            }
        }

        return scores;
    }
}
