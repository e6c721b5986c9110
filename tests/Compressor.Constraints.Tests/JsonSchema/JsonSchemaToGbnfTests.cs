using System.Diagnostics;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Compressor.Compression.Errors;
using Compressor.Constraints.Gbnf;
using Compressor.Constraints.JsonSchema;
using Xunit.Abstractions;

namespace Compressor.Constraints.Tests.JsonSchema;

public class JsonSchemaToGbnfTests(ITestOutputHelper output)
{
    internal static readonly JsonSerializerOptions Compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static TheoryData<string, string[], string[]> Cases => new()
    {
        { """{"type":"object","properties":{"name":{"type":"string"},"age":{"type":"integer","minimum":0,"maximum":150}},"required":["name"],"additionalProperties":false}""",
          ["""{"name":"a"}""", """{"name":"a","age":0}""", """{"name":"","age":150}"""],
          ["""{"age":3}""", """{"name":"a","age":151}""", """{"name":"a","age":-1}""", """{"name":"a","x":1}""", """{"name":1}"""] },
        { """{"type":"array","items":{"type":"number"},"minItems":1,"maxItems":3}""",
          ["[1]", "[1,2.5,-3e2]"], ["[]", "[1,2,3,4]", "[\"a\"]"] },
        { """{"prefixItems":[{"type":"boolean"},{"type":"null"}],"items":false}""", ["[]", "[true]", "[false,null]"], ["[true,null,1]", "[null]"] },
        { """{"enum":["red","green",3,null]}""", ["\"red\"", "3", "null"], ["\"blue\"", "4"] },
        { """{"const":{"a":[1]}}""", ["""{"a":[1]}"""], ["""{"a":[2]}"""] },
        { """{"anyOf":[{"type":"string","maxLength":2},{"type":"integer","exclusiveMinimum":10}]}""", ["\"ab\"", "11"], ["\"abc\"", "10"] },
        { """{"allOf":[{"type":"object","properties":{"a":{"type":"string"}},"required":["a"]},{"properties":{"b":{"type":"integer"}},"required":["b"]}]}""",
          ["""{"a":"x","b":1}"""], ["""{"a":"x"}""", """{"b":1}"""] },
        { """{"$defs":{"node":{"type":"object","properties":{"v":{"type":"integer"},"next":{"$ref":"#/$defs/node"}},"required":["v"],"additionalProperties":false}},"$ref":"#/$defs/node"}""",
          ["""{"v":1}""", """{"v":1,"next":{"v":2,"next":{"v":3}}}"""], ["""{"next":{"v":1}}""", """{"v":1,"next":{}}"""] },
        { """{"definitions":{"s":{"type":"string","pattern":"^[a-z]+-\\d{2}$"}},"type":"array","items":{"$ref":"#/definitions/s"}}""",
          ["[\"ab-12\"]", "[]"], ["[\"ab-1\"]", "[\"AB-12\"]"] },
        { """{"type":"string","format":"date-time"}""", ["\"2024-02-29T12:30:00Z\"", "\"2024-02-29t12:30:00.5+01:00\""], ["\"2024-13-01T00:00:00Z\"", "\"2024-01-01\""] },
        { """{"type":"string","format":"uuid"}""", ["\"123e4567-e89b-12d3-a456-426614174000\""], ["\"123e4567\""] },
        { """{"type":"string","format":"email"}""", ["\"a.b@example.com\""], ["\"a.b@\""] },
        { """{"type":"integer","minimum":-25,"maximum":1234}""", ["-25", "0", "7", "99", "1234", "1000"], ["-26", "1235", "01", "2000"] },
        { """{"type":"integer","exclusiveMinimum":0}""", ["1", "10", "123456789"], ["0", "-1"] },
        { """{"type":"number","minimum":0,"maximum":1}""", ["0", "0.5", "1", "1.0"], ["1.5", "-0.1", "2"] },
        { """{"type":"number","exclusiveMinimum":-1,"exclusiveMaximum":0}""", ["-0.5"], ["-1", "0", "-1.5"] },
        { """{"type":["string","null"],"minLength":2}""", ["null", "\"ab\""], ["\"a\"", "1"] },
        { """{"type":"object","properties":{"a":{"type":"integer"},"b":{"type":"integer"},"c":{"type":"integer"}}}""",
          ["{}", """{"a":1}""", """{"b":1,"c":2}""", """{"a":1,"c":3,"zz":true}"""], ["""{"a":1,}""", "[]", """{"zz"}"""] },
        { """{"type":"object","patternProperties":{"^x-":{"type":"integer"}},"additionalProperties":false}""", ["{}", """{"x-a":1,"x-b":2}"""], ["""{"y":1}""", """{"x-a":"s"}"""] },
        { """{"type":"object","additionalProperties":{"type":"boolean"}}""", ["{}", """{"x":true,"y":false}"""], ["""{"x":1}"""] },
        // A pattern matching every name leaves nothing to additionalProperties; a declared name a pattern
        // matches must meet both schemas.
        { """{"type":"object","patternProperties":{".*":{"type":"boolean"}}}""", ["{}", """{"x":true,"é":false}"""], ["""{"x":1}""", """{"x":"s"}"""] },
        { """{"type":"object","properties":{"s":{"type":["boolean","string"]}},"required":["s"],"patternProperties":{"^s":{"type":"boolean"}}}""",
          ["""{"s":true}""", """{"s":false,"t":1}"""], ["""{"s":"x"}"""] },
        // Escapes around an unanchored pattern are whole characters: no lone surrogates.
        { """{"type":"string","pattern":"x"}""", ["\"ax\"", "\"\\u00e9x\""], ["\"\\ud800x\"", "\"x\\uDFFF\""] },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Grammar_accepts_valid_and_rejects_invalid_instances(string schemaText, string[] valid, string[] invalid)
    {
        SchemaGrammarAssert.AcceptsAndRejects(schemaText, valid, invalid);
    }

    [Fact]
    public void Required_properties_come_first_and_whitespace_is_bounded()
    {
        var schema = JsonNode.Parse("""{"type":"object","properties":{"opt":{"type":"integer"},"req":{"type":"integer"}},"required":["req"],"additionalProperties":false}""");
        var m = GbnfMatcher.FromText(JsonSchemaToGbnf.Convert(schema));
        Assert.True(m.IsMatch("""{"req":1,"opt":2}"""));
        Assert.False(m.IsMatch("""{"opt":2,"req":1}"""));
        Assert.True(m.IsMatch("{\n  \"req\": 1\n}"));
        Assert.False(m.IsMatch("{\"req\":  1}"));
        Assert.False(m.IsMatch("{\"req\":" + new string(' ', 30) + "1}"));
    }

    [Theory]
    [InlineData("""{"type":"object","patternProperties":{"^x":{}},"propertyNames":{"maxLength":3}}""", "$.propertyNames")]
    [InlineData("""{"properties":{"x":{"unevaluatedProperties":false}}}""", "$.properties.x.unevaluatedProperties")]
    [InlineData("""{"properties":{"x":{"not":{"minimum":1}}}}""", "$.properties.x.not")]
    [InlineData("""{"type":"array","uniqueItems":true,"minItems":2}""", "$.uniqueItems")]
    [InlineData("""{"type":"number","multipleOf":2}""", "$.multipleOf")]
    [InlineData("""{"dependentSchemas":{"a":{"minItems":1}}}""", "$.dependentSchemas.a.minItems")]
    [InlineData("""{"$ref":"http://example.com/s.json"}""", "$.$ref")]
    [InlineData("""{"items":{"anyOf":[{"type":"string"},{"contains":{}}]}}""", "$.items.anyOf[1].contains")]
    public void Unsupported_keywords_are_a_400_with_their_path(string schema, string path)
    {
        var ex = Assert.Throws<CompressorException>(() => JsonSchemaToGbnf.Convert(JsonNode.Parse(schema)));
        Assert.Equal(ErrorKind.BadRequest, ex.Kind);
        Assert.Equal(path, ex.Target);
    }

    [Fact]
    public void Annotations_are_ignored()
    {
        var gbnf = JsonSchemaToGbnf.Convert(JsonNode.Parse("""{"$schema":"x","$id":"y","title":"t","description":"d","examples":[1],"default":2,"$comment":"c","readOnly":true,"deprecated":false,"x-custom":1,"type":"integer"}"""));
        Assert.True(GbnfMatcher.FromText(gbnf).IsMatch("42"));
    }

    [Fact]
    public void Malicious_schemas_fail_fast()
    {
        var sw = Stopwatch.StartNew();
        var deep = string.Concat(Enumerable.Repeat("""{"type":"array","items":""", 500)) + "{}" + new string('}', 500);
        var ex = Assert.Throws<CompressorException>(() => JsonSchemaToGbnf.Convert(JsonNode.Parse(deep, documentOptions: new JsonDocumentOptions { MaxDepth = 2000 })));
        Assert.Equal("schema_too_deep", ex.Code);
        var hugeEnum = new JsonObject { ["enum"] = new JsonArray([.. Enumerable.Range(0, 20_000).Select(i => (JsonNode)i)]) };
        Assert.Equal("schema_too_large", Assert.Throws<CompressorException>(() => JsonSchemaToGbnf.Convert(hugeEnum)).Code);
        Assert.Throws<CompressorException>(() => JsonSchemaToGbnf.Convert(JsonNode.Parse("""{"type":"array","minItems":100000}""")));
        Assert.Throws<CompressorException>(() => JsonSchemaToGbnf.Convert(JsonNode.Parse("""{"type":"string","pattern":"(a)\\1"}""")));
        // A reference loop without content is left recursion in the output: refused, not looped on.
        Assert.Throws<CompressorException>(() => JsonSchemaToGbnf.Convert(JsonNode.Parse("""{"$ref":"#"}""")));
        Assert.True(sw.ElapsedMilliseconds < 5_000, $"{sw.ElapsedMilliseconds} ms");
    }

    [Fact]
    public void Converts_most_jsonschemabench_schemas()
    {
        var folder = EvalData.Folder("jsonschemabench/data");
        if (folder is null)
        {
            return;
        }

        int total = 0, converted = 0;
        var reasons = new Dictionary<string, int>();
        var rng = new Random(3);
        foreach (var file in Directory.GetDirectories(folder).SelectMany(d => Directory.GetFiles(d, "*.json")).Order(StringComparer.Ordinal))
        {
            total++;
            try
            {
                var schema = JsonNode.Parse(File.ReadAllText(file));
                var gbnf = JsonSchemaToGbnf.Convert(schema);
                converted++;
                var grammar = GbnfParser.Parse(gbnf);
                foreach (var sample in GbnfStringSampler.Generate(grammar, rng, 2))
                {
                    // Whatever the grammar generates must parse as JSON.
                    Assert.NotNull(JsonNode.Parse(sample) ?? JsonValue.Create(0));
                }
            }
            catch (CompressorException ex)
            {
                var key = $"{ex.Code} {ex.Message.Split('\'').ElementAtOrDefault(1)}";
                reasons[key] = reasons.GetValueOrDefault(key) + 1;
            }
        }

        var share = (double)converted / total;
        output.WriteLine($"JSONSchemaBench dev schemas converted: {converted}/{total} = {share:P1}");
        foreach (var (reason, count) in reasons.OrderByDescending(kv => kv.Value))
        {
            output.WriteLine($"  {count,4} {reason}");
        }

        Assert.True(share >= 0.80, $"{share:P1}");
    }
}
