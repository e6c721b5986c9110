namespace Compressor.Native;

/// <summary>
/// A canonical description of a llama.cpp grammar state: its partial UTF-8 sequence and its set of
/// pushdown stacks, each element written as (rule index, offset in the rule) so that clones of one
/// grammar (which copy the rules) give equal keys for equal states. Two grammars of the same GBNF
/// text with equal keys accept exactly the same continuations. Equality is by content.
/// </summary>
public sealed class GrammarStateKey : IEquatable<GrammarStateKey>
{
    private readonly long[] words;
    private readonly int hash;

    internal GrammarStateKey(long[] words)
    {
        this.words = words;
        var h = new HashCode();
        h.AddBytes(System.Runtime.InteropServices.MemoryMarshal.AsBytes(words.AsSpan()));
        hash = h.ToHashCode();
    }

    /// <summary>A key made of the given words (tests of code that stores keys).</summary>
    public static GrammarStateKey ForTests(long[] words) => new([.. words]);

    /// <summary>How many stacks the state has (after removing duplicates).</summary>
    public int StackCount => (int)words[1];

    /// <summary>Approximate managed bytes held.</summary>
    public int Bytes => 24 + (8 * words.Length);

    public bool Equals(GrammarStateKey? other) =>
        other is not null && other.hash == hash && other.words.AsSpan().SequenceEqual(words);

    public override bool Equals(object? obj) => obj is GrammarStateKey other && Equals(other);

    public override int GetHashCode() => hash;
}
