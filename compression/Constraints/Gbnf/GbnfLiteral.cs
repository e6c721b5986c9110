namespace Compressor.Constraints.Gbnf;

/// <summary>A quoted literal: the exact sequence of code points in <see cref="Text"/>.</summary>
public sealed record GbnfLiteral(string Text) : GbnfNode;
