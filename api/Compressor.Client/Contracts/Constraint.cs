using System.Text.Json;

namespace Compressor.Client.Contracts;

/// <summary>An output constraint for /v1/generate: json_schema (a schema object), regex, grammar (GBNF) or choice (a list of strings).</summary>
public sealed record Constraint(string Type, JsonElement Value)
{
    public static Constraint JsonSchema(JsonElement schema) => new("json_schema", schema);
}
