namespace Compressor.Constraints.Gbnf;

/// <summary>Items that must follow one another; the empty sequence matches the empty string.</summary>
public sealed record GbnfSequence(IReadOnlyList<GbnfNode> Items) : GbnfNode
{
    public static GbnfSequence Empty { get; } = new([]);

    public bool Equals(GbnfSequence? other) => other is not null && Items.SequenceEqual(other.Items);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var item in Items)
        {
            hash.Add(item);
        }

        return hash.ToHashCode();
    }
}
