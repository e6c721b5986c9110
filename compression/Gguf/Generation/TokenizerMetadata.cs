namespace Compressor.Gguf.Generation;

/// <summary>The tokenizer.* entries of a generated model and the vocabulary size they define.</summary>
internal sealed record TokenizerMetadata(IReadOnlyList<KeyValuePair<string, GgufValue>> Entries, int VocabSize)
{
    public static TokenizerMetadata Create(TokenizerSource source, int requestedVocab)
    {
        if (source.CopyFromPath is null)
        {
            var vocab = ByteLevelBpeVocabulary.Build(requestedVocab);
            return new(vocab.ToMetadata(), vocab.Tokens.Count);
        }

        var file = GgufReader.Read(source.CopyFromPath);
        if (file.Find(GgufKeys.Tokens) is not { IsArray: true, ElementType: GgufValueType.String } tokens)
        {
            throw new GgufFormatException(source.CopyFromPath, $"has no '{GgufKeys.Tokens}' string array to copy a tokenizer from");
        }

        var sourceCount = tokens.ArrayLength;
        var size = Math.Max(sourceCount, requestedVocab);
        var entries = new List<KeyValuePair<string, GgufValue>>();
        foreach (var (key, value) in file.Metadata)
        {
            if (key.StartsWith(GgufKeys.TokenizerPrefix, StringComparison.Ordinal))
            {
                // Per-token arrays (tokens, scores, token types) grow with the vocabulary.
                var isPerToken = value.IsArray && value.ArrayLength == sourceCount && key.StartsWith("tokenizer.ggml.", StringComparison.Ordinal);
                entries.Add(new(key, isPerToken ? Pad(value, sourceCount, size) : value));
            }
        }

        return new(entries, size);
    }

    private static GgufValue Pad(GgufValue value, int from, int to)
    {
        if (from == to)
        {
            return value;
        }

        switch (value.Value)
        {
            case string[] s:
                var tokens = new string[to];
                s.CopyTo(tokens, 0);
                for (var i = from; i < to; i++)
                {
                    tokens[i] = $"[PAD{i}]";
                }

                return GgufValue.ArrayOf(tokens);
            case int[] types:
                var t = new int[to];
                types.CopyTo(t, 0);
                t.AsSpan(from).Fill(ByteLevelBpeVocabulary.UnusedType);
                return GgufValue.ArrayOf(t);
            case float[] scores:
                var f = new float[to];
                scores.CopyTo(f, 0);
                return GgufValue.ArrayOf(f);
            default:
                throw new NotSupportedException($"Cannot pad a per-token array of {value.ElementType}.");
        }
    }
}
