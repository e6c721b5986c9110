using System.Text.Json;
using Compressor.Client.AI;
using Microsoft.Extensions.AI;

namespace Compressor.Client.Tests;

/// <summary>The plugin's functions invoked as an agent would: by name, with JSON arguments.</summary>
[Collection(ServiceGroup.Name)]
public sealed class CompressorPluginTests(ServiceFixture service)
{
    private Dictionary<string, AIFunction> Functions => new CompressorPlugin(service.Client).AsAIFunctions().ToDictionary(f => f.Name);

    private static AIFunctionArguments Arguments(string json) =>
        new(JsonSerializer.Deserialize<Dictionary<string, object?>>(json)!);

    [Fact]
    public void Functions_carry_names_descriptions_and_schemas()
    {
        var functions = Functions;
        Assert.Equal(["compress_text", "count_tokens", "generate_json"], functions.Keys.Order().ToArray());
        Assert.All(functions.Values, f => Assert.False(string.IsNullOrWhiteSpace(f.Description)));
        var schema = functions["compress_text"].JsonSchema;
        Assert.True(schema.GetProperty("properties").TryGetProperty("text", out var text));
        Assert.False(string.IsNullOrWhiteSpace(text.GetProperty("description").GetString()));
        Assert.Contains("text", schema.GetProperty("required").EnumerateArray().Select(e => e.GetString()));
        Assert.False(schema.GetProperty("properties").TryGetProperty("cancellationToken", out _));
    }

    [Fact]
    public async Task Compress_function_returns_shorter_text_and_counts()
    {
        var text = Texts.Article(30, " (plugin)");
        var result = await Functions["compress_text"].InvokeAsync(Arguments(JsonSerializer.Serialize(new { text, ratio = 0.3, question = "Eiffel Tower", method = "extract" })));
        var json = Assert.IsType<JsonElement>(result);
        Assert.True(json.GetProperty("compressedTokens").GetInt32() < json.GetProperty("originalTokens").GetInt32());
        Assert.True(json.GetProperty("text").GetString()!.Length < text.Length);
    }

    [Fact]
    public async Task Count_tokens_function_matches_tokenize()
    {
        var result = await Functions["count_tokens"].InvokeAsync(Arguments("""{"text": "Hello there, general Kenobi."}"""));
        Assert.Equal(await service.Client.CountTokensAsync("Hello there, general Kenobi."), Assert.IsType<JsonElement>(result).GetInt32());
    }

    [Fact]
    public async Task Generate_json_function_returns_json_that_matches_the_schema()
    {
        var result = await Functions["generate_json"].InvokeAsync(Arguments("""
            {"prompt": "Give a color.", "max_tokens": 80,
             "schema": {"type": "object", "properties": {"color": {"type": "string", "enum": ["red", "green", "blue"]}}, "required": ["color"], "additionalProperties": false}}
            """.Replace("max_tokens", "maxTokens", StringComparison.Ordinal)));
        var json = Assert.IsType<JsonElement>(result);
        Assert.Contains(json.GetProperty("color").GetString(), new[] { "red", "green", "blue" });
    }
}
