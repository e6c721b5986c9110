namespace Compressor.Api.Contracts.OpenAi;

/// <summary>"text", "json_object" (any JSON object) or "json_schema" (served by constrained decoding).</summary>
public sealed record ResponseFormat(string? Type, JsonSchemaFormat? JsonSchema = null);
