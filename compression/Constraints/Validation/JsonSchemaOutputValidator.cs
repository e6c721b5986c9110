using System.Text.Json;
using System.Text.Json.Nodes;
using Compressor.Constraints.JsonSchema;

namespace Compressor.Constraints.Validation;

/// <summary>
/// Parses the output as JSON and validates it against the schema. An object with a repeated member
/// name is invalid output (its meaning depends on the reader), and is reported so rather than thrown.
/// </summary>
public sealed class JsonSchemaOutputValidator(JsonNode schema) : IOutputValidator
{
    public ValidationOutcome Validate(string output)
    {
        JsonNode? instance;
        try
        {
            instance = JsonNode.Parse(output, documentOptions: new JsonDocumentOptions { MaxDepth = 256, AllowDuplicateProperties = false });
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            // InvalidOperationException: an escaped lone surrogate ("\ud83d") in a member name.
            return ValidationOutcome.Invalid($"not JSON: {ex.Message}");
        }

        IReadOnlyList<JsonSchemaValidationError> errors;
        try
        {
            errors = JsonSchemaValidator.Validate(instance, schema);
        }
        catch (InvalidOperationException ex)
        {
            // System.Text.Json decodes strings lazily: an escaped lone surrogate ("\ud83d") surfaces here.
            return ValidationOutcome.Invalid($"not JSON: {ex.Message}");
        }

        return errors.Count == 0 ? ValidationOutcome.Valid : ValidationOutcome.Invalid(errors[0].ToString());
    }
}
