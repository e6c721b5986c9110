namespace Compressor.Constraints.Gbnf;

/// <summary>Alternatives separated by <c>|</c>.</summary>
public sealed record GbnfAlternation(IReadOnlyList<GbnfNode> Alternatives) : GbnfNode
{
    public bool Equals(GbnfAlternation? other) => other is not null && Alternatives.SequenceEqual(other.Alternatives);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var alternative in Alternatives)
        {
            hash.Add(alternative);
        }

        return hash.ToHashCode();
    }
}
