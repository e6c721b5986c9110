using Compressor.Compression.Scoring;

namespace Compressor.Compression.Chunking;

/// <summary>Similarity of adjacent sentences: cosine of embeddings, or of TF-IDF vectors when no model is loaded.</summary>
public static class SimilarityMeasure
{
    public static double Cosine(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        double dot = 0, na = 0, nb = 0;
        var n = Math.Min(a.Length, b.Length);
        for (var i = 0; i < n; i++)
        {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }

        return na == 0 || nb == 0 ? 0 : dot / Math.Sqrt(na * nb);
    }

    /// <summary>Cosine of adjacent embeddings: element i compares item i and i+1.</summary>
    public static double[] Adjacent(IReadOnlyList<float[]> vectors)
    {
        var result = new double[Math.Max(0, vectors.Count - 1)];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = Cosine(vectors[i], vectors[i + 1]);
        }

        return result;
    }

    /// <summary>TF-IDF cosine of adjacent texts over stemmed content words; idf computed over the texts themselves.</summary>
    public static double[] LexicalAdjacent(IReadOnlyList<string> texts)
    {
        var bags = new Dictionary<string, int>[texts.Count];
        var df = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < texts.Count; i++)
        {
            var bag = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var term in Terms.Content(texts[i]))
            {
                bag[term] = bag.GetValueOrDefault(term) + 1;
            }

            foreach (var term in bag.Keys)
            {
                df[term] = df.GetValueOrDefault(term) + 1;
            }

            bags[i] = bag;
        }

        double Idf(string t) => Math.Log(1.0 + (texts.Count / (double)df[t]));
        var result = new double[Math.Max(0, texts.Count - 1)];
        for (var i = 0; i < result.Length; i++)
        {
            double dot = 0, na = 0, nb = 0;
            foreach (var (t, c) in bags[i])
            {
                var w = c * Idf(t);
                na += w * w;
                if (bags[i + 1].TryGetValue(t, out var c2))
                {
                    dot += w * c2 * Idf(t);
                }
            }

            foreach (var (t, c) in bags[i + 1])
            {
                var w = c * Idf(t);
                nb += w * w;
            }

            result[i] = na == 0 || nb == 0 ? 0 : dot / Math.Sqrt(na * nb);
        }

        return result;
    }
}
