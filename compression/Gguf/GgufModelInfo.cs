namespace Compressor.Gguf;

/// <summary>What a model file is, read from its header alone (no tensor data is read).</summary>
public sealed record GgufModelInfo
{
    public required string Path { get; init; }
    public required long FileSize { get; init; }
    public required uint Version { get; init; }
    public string? Architecture { get; init; }
    public string? Name { get; init; }

    /// <summary>Sum of all tensors' element counts.</summary>
    public long ParameterCount { get; init; }

    public int TensorCount { get; init; }
    public int? ContextLength { get; init; }
    public int? EmbeddingLength { get; init; }
    public int? LayerCount { get; init; }
    public int? HeadCount { get; init; }
    public int? HeadCountKv { get; init; }
    public int? FeedForwardLength { get; init; }

    /// <summary>Tokens in the vocabulary (tokenizer.ggml.tokens, else {arch}.vocab_size, else token_embd's rows); 0 if unknown.</summary>
    public int VocabSize { get; init; }

    /// <summary><c>tokenizer.ggml.model</c>: "llama" (SentencePiece), "gpt2" (byte-level BPE), "bert", ...</summary>
    public string? TokenizerModel { get; init; }

    public string? TokenizerPre { get; init; }

    /// <summary>Quantization name, e.g. "Q8_0" or "Q4_K_M"; null for a vocab-only file.</summary>
    public string? FileType { get; init; }

    public string? ChatTemplate { get; init; }

    public bool HasChatTemplate => ChatTemplate is not null;

    public bool IsVocabOnly => TensorCount == 0;

    public static GgufModelInfo Read(string path) => FromFile(GgufReader.Read(path));

    public static GgufModelInfo FromFile(GgufFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        var arch = file.GetString(GgufKeys.Architecture);
        int? ArchInt(string suffix) => arch is null ? null : ReadInt(file, GgufKeys.ForArchitecture(arch, suffix));

        long parameters = 0;
        foreach (var t in file.Tensors)
        {
            parameters += t.ElementCount;
        }

        var fileType = file.Find(GgufKeys.FileType) is { IsArray: false } ft && ft.Type != GgufValueType.String
            ? GgufFileTypes.GetName(ft.ToInt64())
            : null;

        return new GgufModelInfo
        {
            Path = file.Path,
            FileSize = file.FileSize,
            Version = file.Version,
            Architecture = arch,
            Name = file.GetString(GgufKeys.Name),
            ParameterCount = parameters,
            TensorCount = file.Tensors.Count,
            ContextLength = ArchInt(GgufKeys.ContextLength),
            EmbeddingLength = ArchInt(GgufKeys.EmbeddingLength),
            LayerCount = ArchInt(GgufKeys.BlockCount),
            HeadCount = ArchInt(GgufKeys.HeadCount),
            HeadCountKv = ArchInt(GgufKeys.HeadCountKv),
            FeedForwardLength = ArchInt(GgufKeys.FeedForwardLength),
            VocabSize = VocabSizeOf(file, ArchInt(GgufKeys.VocabSize)),
            TokenizerModel = file.GetString(GgufKeys.TokenizerModel),
            TokenizerPre = file.GetString(GgufKeys.TokenizerPre),
            FileType = fileType ?? GgufFileTypes.Derive(file.Tensors),
            ChatTemplate = file.GetString(GgufKeys.ChatTemplate),
        };
    }

    private static int VocabSizeOf(GgufFile file, int? declared)
    {
        if (file.Find(GgufKeys.Tokens) is { IsArray: true } tokens)
        {
            return tokens.ArrayLength;
        }

        if (declared is { } n)
        {
            return n;
        }

        return file.FindTensor("token_embd.weight") is { Dimensions.Count: 2 } embd ? checked((int)embd.Dimensions[1]) : 0;
    }

    // Some architectures store per-layer values (e.g. head_count_kv) as arrays; report the largest.
    private static int? ReadInt(GgufFile file, string key)
    {
        if (file.Find(key) is not { } value)
        {
            return null;
        }

        try
        {
            if (!value.IsArray)
            {
                return value.Type is GgufValueType.String or GgufValueType.Bool or GgufValueType.Float32 or GgufValueType.Float64
                    ? null
                    : value.ToInt32();
            }

            return value.Value switch
            {
                int[] a when a.Length > 0 => a.Max(),
                uint[] a when a.Length > 0 => checked((int)a.Max()),
                _ => null,
            };
        }
        catch (OverflowException)
        {
            return null;
        }
    }
}
