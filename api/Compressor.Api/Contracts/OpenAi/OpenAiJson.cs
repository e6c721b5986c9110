using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Compressor.Api.Contracts.OpenAi;

/// <summary>
/// The OpenAI wire format: snake_case, unknown fields refused (as OpenAI does), but nulls are written
/// (OpenAI clients read <c>"finish_reason": null</c> and <c>"content": null</c>).
/// </summary>
public static class OpenAiJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        MaxDepth = 64,
    };
}
