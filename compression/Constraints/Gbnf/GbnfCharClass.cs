namespace Compressor.Constraints.Gbnf;

/// <summary>
/// A character class <c>[...]</c> or <c>[^...]</c>; <c>.</c> (any character) is the negated empty class.
/// </summary>
public sealed record GbnfCharClass(IReadOnlyList<GbnfCharRange> Ranges, bool Negated) : GbnfNode
{
    public static GbnfCharClass Any { get; } = new([], true);

    public bool IsAny => Negated && Ranges.Count == 0;

    public bool Matches(int codePoint)
    {
        var inside = false;
        foreach (var range in Ranges)
        {
            if (range.Contains(codePoint))
            {
                inside = true;
                break;
            }
        }

        return inside != Negated;
    }

    public bool Equals(GbnfCharClass? other) =>
        other is not null && Negated == other.Negated && Ranges.SequenceEqual(other.Ranges);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Negated);
        foreach (var range in Ranges)
        {
            hash.Add(range);
        }

        return hash.ToHashCode();
    }
}
