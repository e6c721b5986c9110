namespace Compressor.Constraints.Gbnf;

/// <summary>A node of a GBNF rule body. Records give structural equality, which the converters use to share rules.</summary>
public abstract record GbnfNode;
