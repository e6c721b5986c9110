using System.Text.Json.Nodes;
using Compressor.Compression.Errors;
using Compressor.Constraints.Gbnf;

namespace Compressor.Constraints.JsonSchema;

/// <summary>
/// Converts a JSON Schema (2020-12, with draft-7 spellings) to a GBNF grammar for compact-or-lightly-
/// spaced JSON. Unsupported assertion keywords are a 400 naming the keyword and its JSON path;
/// annotations and unknown keywords are ignored, as the specification prescribes.
/// </summary>
public static class JsonSchemaToGbnf
{
    public static string Convert(JsonNode? schema, JsonSchemaLimits? limits = null)
    {
        limits ??= JsonSchemaLimits.Default;
        if (schema is null)
        {
            throw CompressorException.BadRequest("invalid_schema", "The schema is missing.", "$");
        }

        if (schema.ToJsonString().Length > limits.MaxSchemaLength)
        {
            throw CompressorException.BadRequest("schema_too_large", $"The schema exceeds {limits.MaxSchemaLength} characters.", "$");
        }

        string grammar;
        try
        {
            grammar = new SchemaGrammarBuilder(schema, limits).Build();
        }
        catch (InvalidOperationException ex)
        {
            // Malformed keyword values (a string where a number belongs) surface from JsonNode accessors.
            throw CompressorException.BadRequest("invalid_schema", $"The schema is malformed: {ex.Message}", "$");
        }
        catch (FormatException ex)
        {
            throw CompressorException.BadRequest("invalid_schema", $"The schema is malformed: {ex.Message}", "$");
        }

        _ = GbnfParser.Parse(grammar); // our own output must pass the same checks as user grammars
        return grammar;
    }
}
