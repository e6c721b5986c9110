using System.Text.Json.Nodes;
using Compressor.Compression.Errors;
using Compressor.Constraints.JsonSchema;
using Xunit.Abstractions;

namespace Compressor.Constraints.Tests.JsonSchema;

public class JsonSchemaValidatorTests(ITestOutputHelper output)
{
    private static readonly string[] SupportedFiles =
    [
        "type", "properties", "required", "additionalProperties", "enum", "const", "items", "prefixItems", "minItems", "maxItems",
        "anyOf", "oneOf", "allOf", "ref", "minLength", "maxLength", "pattern", "minimum", "maximum", "exclusiveMinimum",
        "exclusiveMaximum", "boolean_schema", "format", "not", "if-then-else", "uniqueItems", "multipleOf", "minProperties",
        "maxProperties", "dependentRequired", "patternProperties", "propertyNames", "contains",
    ];

    [Theory]
    [InlineData("""{"type":"integer"}""", "1.0", true)]
    [InlineData("""{"type":"integer"}""", "1.5", false)]
    [InlineData("""{"enum":[1]}""", "1.0", true)]
    [InlineData("""{"minLength":2}""", "\"\uD83D\uDE00\"", false)]
    [InlineData("""{"properties":{"a":{"type":"string"}},"additionalProperties":false}""", """{"a":"x","b":1}""", false)]
    [InlineData("""{"oneOf":[{"type":"integer"},{"minimum":0}]}""", "5", false)]
    [InlineData("""{"$defs":{"p":{"type":"string"}},"items":{"$ref":"#/$defs/p"}}""", "[\"a\",1]", false)]
    [InlineData("""{"if":{"minimum":10},"then":{"multipleOf":5},"else":{"maximum":3}}""", "15", true)]
    [InlineData("""{"format":"date"}""", "\"2024-99-01\"", false)]
    [InlineData("""{"prefixItems":[{"type":"string"}],"items":false}""", "[\"a\",\"b\"]", false)]
    public void Validates_inline_cases(string schema, string instance, bool expected) =>
        Assert.Equal(expected, JsonSchemaValidator.IsValid(JsonNode.Parse(instance), JsonNode.Parse(schema)));

    [Fact]
    public void Errors_carry_instance_paths()
    {
        var errors = JsonSchemaValidator.Validate(JsonNode.Parse("""{"a":[1,"x"]}"""), JsonNode.Parse("""{"properties":{"a":{"items":{"type":"integer"}}}}"""));
        var error = Assert.Single(errors);
        Assert.Equal("$.a[1]", error.InstancePath);
    }

    [Theory]
    [InlineData("draft2020-12")]
    [InlineData("draft7")]
    public void Agrees_with_the_official_test_suite(string draft)
    {
        var folder = EvalData.Folder($"json_schema_test_suite/tests/{draft}");
        if (folder is null)
        {
            return;
        }

        int total = 0, agree = 0, skipped = 0;
        foreach (var name in SupportedFiles)
        {
            var path = Path.Combine(folder, name + ".json");
            if (!File.Exists(path))
            {
                continue;
            }

            int fileTotal = 0, fileAgree = 0;
            foreach (var group in JsonNode.Parse(File.ReadAllText(path))!.AsArray())
            {
                // Cases that change the base URI or reach outside the document test features we do not support.
                var schemaText = group!["schema"]!.ToJsonString();
                if (schemaText.Contains("\"$id\"", StringComparison.Ordinal) || schemaText.Contains("$anchor", StringComparison.Ordinal)
                    || schemaText.Contains("$dynamic", StringComparison.Ordinal) || System.Text.RegularExpressions.Regex.IsMatch(schemaText, "\"\\$ref\":\"[^#]"))
                {
                    skipped += group["tests"]!.AsArray().Count;
                    continue;
                }

                foreach (var test in group!["tests"]!.AsArray())
                {
                    fileTotal++;
                    bool actual;
                    try
                    {
                        actual = JsonSchemaValidator.IsValid(test!["data"], group["schema"]);
                    }
                    catch (CompressorException)
                    {
                        actual = !test!["valid"]!.GetValue<bool>();
                    }

                    fileAgree += actual == test["valid"]!.GetValue<bool>() ? 1 : 0;
                }
            }

            output.WriteLine($"  {name}: {fileAgree}/{fileTotal}");
            total += fileTotal;
            agree += fileAgree;
        }

        var share = (double)agree / total;
        output.WriteLine($"{draft}: validator agrees on {agree}/{total} = {share:P1} ({skipped} cases with $id/$anchor/remote refs left out)");
        Assert.True(share >= 0.95, $"{share:P1}");
    }
}
