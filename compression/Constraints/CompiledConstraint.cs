using Compressor.Constraints.Validation;

namespace Compressor.Constraints;

/// <summary>A constraint ready for decoding: the GBNF the engine hands llama.cpp and the check run on the final output.</summary>
public sealed record CompiledConstraint(ConstraintKind Kind, string Gbnf, IOutputValidator Validator);
