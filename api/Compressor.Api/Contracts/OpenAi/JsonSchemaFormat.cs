using System.Text.Json;

namespace Compressor.Api.Contracts.OpenAi;

/// <summary>OpenAI's <c>response_format.json_schema</c>; the output always conforms, strict or not.</summary>
public sealed record JsonSchemaFormat(string? Name, JsonElement? Schema = null, bool? Strict = null, string? Description = null);
