using System.Text.Json.Serialization;

namespace Compressor.Api.Contracts.OpenAi;

/// <summary>The generated message or, in a stream, the delta: role on the first chunk, content after, <c>{}</c> on the last.</summary>
public sealed record AssistantMessage(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Role,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Content);
