namespace Compressor.Constraints.Gbnf;

/// <summary>An inclusive range of Unicode code points inside a character class.</summary>
public readonly record struct GbnfCharRange(int Low, int High)
{
    public bool Contains(int codePoint) => codePoint >= Low && codePoint <= High;
}
