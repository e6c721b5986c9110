using System.Text.Json;

namespace Compressor.Api.Contracts;

/// <summary>An output constraint: type "json_schema" (value: a schema object), "regex" (a pattern), "grammar" (GBNF text) or "choice" (a list of strings).</summary>
public sealed record ConstraintDto(string? Type, JsonElement Value);
