namespace Compressor.Constraints.Gbnf;

/// <summary>One <c>name ::= body</c> definition and where it starts in the source.</summary>
public sealed record GbnfRule(string Name, GbnfNode Body, int Line, int Column);
