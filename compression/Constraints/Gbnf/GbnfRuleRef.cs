namespace Compressor.Constraints.Gbnf;

/// <summary>A reference to another rule by name, with where it was written (for error messages).</summary>
public sealed record GbnfRuleRef(string Name, int Line = 0, int Column = 0) : GbnfNode;
