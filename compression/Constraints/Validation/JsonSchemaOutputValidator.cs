using System.Text.Json;
using System.Text.Json.Nodes;
using Compressor.Constraints.JsonSchema;

namespace Compressor.Constraints.Validation;

/// <summary>Parses the output as JSON and validates it against the schema.</summary>
public sealed class JsonSchemaOutputValidator(JsonNode schema) : IOutputValidator
{
    public ValidationOutcome Validate(string output)
    {
        JsonNode? instance;
        try
        {
            instance = JsonNode.Parse(output, documentOptions: new JsonDocumentOptions { MaxDepth = 256 });
        }
        catch (JsonException ex)
        {
            return ValidationOutcome.Invalid($"not JSON: {ex.Message}");
        }

        var errors = JsonSchemaValidator.Validate(instance, schema);
        return errors.Count == 0 ? ValidationOutcome.Valid : ValidationOutcome.Invalid(errors[0].ToString());
    }
}
