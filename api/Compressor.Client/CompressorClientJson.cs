using System.Text.Json;
using System.Text.Json.Serialization;

namespace Compressor.Client;

/// <summary>The service's wire format: snake_case, nulls left out; unknown response fields are ignored so newer services stay readable.</summary>
public static class CompressorClientJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}
