using System.Text.Json.Nodes;
using Compressor.Api.Contracts;
using Compressor.Api.Contracts.OpenAi;

namespace Compressor.Api.Endpoints;

/// <summary>A checked chat completion request in the service's own terms.</summary>
/// <param name="Generate">The equivalent /v1/generate request (messages flattened to text, limits checked).</param>
/// <param name="Schema">The JSON Schema the output must match (json_object: any object); null = free text.</param>
/// <param name="IncludeUsage">Stream a last chunk with the usage counts.</param>
/// <param name="Compression">The compression extension, when asked for.</param>
public sealed record ChatCompletionPlan(GenerateRequest Generate, JsonNode? Schema, bool IncludeUsage, CompressionExtension? Compression);
