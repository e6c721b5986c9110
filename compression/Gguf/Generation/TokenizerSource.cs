namespace Compressor.Gguf.Generation;

/// <summary>Where a generated model's tokenizer comes from.</summary>
public sealed record TokenizerSource
{
    private TokenizerSource(string? copyFromPath) => CopyFromPath = copyFromPath;

    /// <summary>The built-in byte-level BPE (<see cref="ByteLevelBpeVocabulary"/>), sized by the shape's vocabulary.</summary>
    public static TokenizerSource BuiltInBpe { get; } = new((string?)null);

    /// <summary>The GGUF file whose tokenizer.* keys are copied, or null for the built-in tokenizer.</summary>
    public string? CopyFromPath { get; }

    public bool IsBuiltIn => CopyFromPath is null;

    /// <summary>Copy every tokenizer.* key of another GGUF file (a vocab-only file will do).</summary>
    public static TokenizerSource CopyFrom(string ggufPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(ggufPath);
        return new(Path.GetFullPath(ggufPath));
    }

    public override string ToString() => CopyFromPath is null ? "built-in-bpe" : $"copy:{CopyFromPath}";
}
