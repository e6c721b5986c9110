namespace Compressor.Compression.Scoring;

/// <summary>The single features of importance, each a pure function into [0, 1].</summary>
public static class Features
{
    /// <summary>
    /// Share of informative words: (content words + numbers + capitalized words not opening the
    /// text) / (2 * words), capped at 1. Numbers and names count twice since they are what readers
    /// look up.
    /// </summary>
    public static double Density(string text)
    {
        var words = Terms.Words(text);
        if (words.Count == 0)
        {
            return 0;
        }

        var informative = 0;
        foreach (var w in words)
        {
            if (!Stopwords.Contains(w))
            {
                informative++;
            }

            if (char.IsDigit(w[0]))
            {
                informative++;
            }
        }

        var capitals = 0;
        var atWordStart = true;
        var first = true;
        foreach (var c in text)
        {
            var isWord = Terms.IsWordChar(c);
            if (isWord && atWordStart)
            {
                capitals += char.IsUpper(c) && !first ? 1 : 0;
                first = false;
            }

            atWordStart = !isWord;
        }

        return Math.Min(1.0, (informative + capitals) / (2.0 * words.Count));
    }

    /// <summary>max((1-x)^2, 0.8 x^2) for x = i / (n-1): highest at the start, nearly as high at the end, 0.2 in the middle.</summary>
    public static double Position(int index, int count)
    {
        if (count <= 1)
        {
            return 1;
        }

        var x = (double)index / (count - 1);
        return Math.Max((1 - x) * (1 - x), 0.8 * x * x);
    }

    /// <summary>Scales values into [0, 1] by their maximum (non-negative inputs); all zero stays zero.</summary>
    public static double[] ScaleByMax(IReadOnlyList<double> values)
    {
        var max = values.Count == 0 ? 0 : values.Max();
        return values.Select(v => max > 0 ? Math.Max(0, v) / max : 0).ToArray();
    }

    /// <summary>Min-max scaling into [0, 1]; constant inputs map to 0.5.</summary>
    public static double[] MinMax(IReadOnlyList<double> values)
    {
        if (values.Count == 0)
        {
            return [];
        }

        var min = values.Min();
        var max = values.Max();
        return values.Select(v => max > min ? (v - min) / (max - min) : 0.5).ToArray();
    }
}
