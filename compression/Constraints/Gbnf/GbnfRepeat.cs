namespace Compressor.Constraints.Gbnf;

/// <summary>
/// A repetition: <c>*</c> is (0, null), <c>+</c> is (1, null), <c>?</c> is (0, 1), <c>{m,n}</c> is (m, n).
/// A null <see cref="Max"/> means unbounded.
/// </summary>
public sealed record GbnfRepeat(GbnfNode Item, int Min, int? Max) : GbnfNode;
