using System.Text.Json.Nodes;
using Compressor.Compression.Errors;
using Compressor.Constraints.Gbnf;
using Compressor.Constraints.JsonSchema;

namespace Compressor.Constraints.Tests.JsonSchema;

/// <summary>
/// dependencies/dependentRequired/dependentSchemas, min/maxProperties, uniqueItems, not, propertyNames,
/// if/then/else and length bounds with pattern/format: the grammar accepts only valid instances (checked with
/// the validator) and the expected valid ones; unsupported forms are a 400 naming the keyword and its path.
/// </summary>
public class ConditionalKeywordsTests
{
    public static TheoryData<string, string[], string[]> Cases => new()
    {
        // dependentRequired, optional trigger with a declared dependency: the dependency is promoted to required.
        { """{"type":"object","properties":{"a":{"type":"integer"},"b":{"type":"integer"}},"dependentRequired":{"a":["b"]},"additionalProperties":false}""",
          ["""{"b":1}""", """{"b":1,"a":2}"""], ["{}", """{"a":2}"""] },
        // draft-7 array form with a required trigger and undeclared dependency (extra members allowed).
        { """{"type":"object","properties":{"a":{"type":"integer"}},"required":["a"],"dependencies":{"a":["z"]}}""",
          ["""{"a":1,"z":true}"""], ["""{"a":1}"""] },
        // schema form that adds properties: the optional trigger is never emitted.
        { """{"type":"object","properties":{"kind":{"type":"string"},"site":{"type":"string"}},"dependencies":{"site":{"properties":{"kind":{"const":"section"}}}},"additionalProperties":false}""",
          ["{}", """{"kind":"x"}"""], ["""{"kind":"x","site":"s"}""", """{"site":"s"}"""] },
        // schema form with a required trigger: merged unconditionally.
        { """{"type":"object","properties":{"kind":{"type":"string"},"site":{"type":"string"}},"required":["site"],"dependentSchemas":{"site":{"required":["kind"],"properties":{"kind":{"enum":["a","b"]}}}},"additionalProperties":false}""",
          ["""{"kind":"a","site":"s"}"""], ["""{"site":"s"}""", """{"kind":"c","site":"s"}"""] },
        // mutual exclusion through dependencies + not required.
        { """{"type":"object","properties":{"p":{"type":"integer"},"q":{"type":"integer"}},"dependencies":{"p":{"not":{"required":["q"]}},"q":{"not":{"required":["p"]}}},"additionalProperties":false}""",
          ["{}", """{"q":1}"""], ["""{"p":1,"q":2}"""] },
        // minProperties without required: at least one member, exactly.
        { """{"type":"object","properties":{"a":{"type":"integer"},"b":{"type":"integer"}},"minProperties":1,"additionalProperties":false}""",
          ["""{"a":1}""", """{"b":1}""", """{"a":1,"b":2}"""], ["{}"] },
        // min and max with extras.
        { """{"type":"object","properties":{"a":{"type":"integer"}},"required":["a"],"minProperties":2,"maxProperties":3,"additionalProperties":{"type":"boolean"}}""",
          ["""{"a":1,"x":true}""", """{"a":1,"x":true,"y":false}"""], ["""{"a":1}""", """{"a":1,"x":true,"y":false,"z":true}"""] },
        // maxProperties over optional properties.
        { """{"type":"object","properties":{"a":{"type":"integer"},"b":{"type":"integer"},"c":{"type":"integer"}},"maxProperties":1,"additionalProperties":false}""",
          ["{}", """{"a":1}""", """{"c":1}"""], ["""{"a":1,"b":2}""", """{"b":1,"c":2}"""] },
        // patternProperties only, minProperties 1.
        { """{"type":"object","patternProperties":{"^[a-z]{2}$":{"type":"string"}},"minProperties":1,"additionalProperties":false}""",
          ["""{"en":"x"}""", """{"en":"x","de":"y"}"""], ["{}", """{"eng":"x"}"""] },
        // uniqueItems with minItems <= 1: at most one item.
        { """{"type":"array","items":{"type":"string"},"uniqueItems":true}""", ["[]", """["a"]"""], ["""["a","b"]""", """["a","a"]"""] },
        { """{"type":"array","items":{"type":"integer"},"uniqueItems":false,"maxItems":2}""", ["[1,1]"], ["[1,1,1]"] },
        // not.
        { """{"type":["string","null"],"not":{"type":"null"}}""", ["\"a\""], ["null"] },
        { """{"type":"object","properties":{"cmd":{"type":"string"},"args":{"type":"array"}},"not":{"allOf":[{"required":["cmd"]},{"required":["args"]}]},"additionalProperties":false}""",
          ["{}", """{"args":[]}"""], ["""{"cmd":"x","args":[]}"""] },
        { """{"type":"string","minLength":1,"not":{"pattern":"^[\\s.,*-]+$"}}""", ["\"a\"", "\" a\""], ["\" \"", "\"\"", "\"..\""] },
        { """{"type":"string","pattern":"^[a-z]+$","maxLength":6,"not":{"enum":["test","source"]}}""",
          ["\"ab\"", "\"abcde\""], ["\"test\"", "\"source\"", "\"abcdefg\"", "\"abcd\""] },
        { """{"enum":["a","b","c"],"not":{"const":"b"}}""", ["\"a\"", "\"c\""], ["\"b\""] },
        { """{"type":"object","properties":{"x":{"not":{}},"y":{"type":"integer"}},"additionalProperties":false}""", ["{}", """{"y":1}"""], ["""{"x":1}"""] },
        // length bounds with a pattern.
        { """{"type":"string","pattern":"^[a-zA-Z0-9_.]+$","maxLength":4}""", ["\"a\"", "\"a_.9\""], ["\"\"", "\"abcde\"", "\"a-b\""] },
        { """{"type":"string","pattern":"^mystring-[a-z0-9]+$","minLength":10,"maxLength":12}""", ["\"mystring-a\"", "\"mystring-abc\""], ["\"mystring-\"", "\"mystring-abcd\""] },
        { """{"type":"string","pattern":"^(http|https)://","minLength":9}""", ["\"http://ab\"", "\"https://ab\""], ["\"http://a\"", "\"ftp://abcd\""] },
        { """{"type":"string","pattern":"\\d{2}-?\\d{0,4}","minLength":2,"maxLength":6}""", ["\"12\"", "\"12-34\""], ["\"1\"", "\"1234567\""] },
        { """{"type":"string","minLength":2}""", ["\"ab\"", "\"\\u00e9\\u00e9\""], ["\"a\"", "\"\\ud83d\\ude00\""] },
        // length bounds every instance of the format meets.
        { """{"type":"string","format":"uuid","minLength":1,"maxLength":36}""", ["\"123e4567-e89b-12d3-a456-426614174000\""], ["\"\""] },
        // propertyNames on extra members.
        { """{"type":"object","propertyNames":{"pattern":"^[a-z]+$"},"additionalProperties":{"type":"integer"}}""", ["{}", """{"ab":1}"""], ["""{"A":1}"""] },
        // if/then/else: both cases when 'not' of the condition is supported.
        { """{"type":"object","properties":{"a":{"type":"integer"},"b":{"type":"integer"}},"if":{"required":["a"]},"then":{"required":["b"]},"additionalProperties":false}""",
          ["{}", """{"a":1,"b":2}""", """{"b":2}"""], ["""{"a":1}"""] },
        { """{"type":"object","properties":{"t":{"enum":["x","y"]},"v":{"type":"integer"}},"required":["t"],"if":{"properties":{"t":{"const":"x"}}},"then":{"required":["v"]},"additionalProperties":false}""",
          ["""{"t":"x","v":1}"""], ["""{"t":"x"}"""] },
        // an unsatisfiable anyOf alternative is left out.
        { """{"anyOf":[{"type":"object","required":["k"],"additionalProperties":false},{"type":"integer"}]}""", ["1"], ["""{"k":1}"""] },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Grammar_accepts_valid_and_rejects_invalid_instances(string schemaText, string[] valid, string[] invalid)
    {
        var (schema, gbnf) = SchemaGrammarAssert.AcceptsAndRejects(schemaText, valid, invalid);

        // Soundness: whatever the grammar generates is valid.
        var grammar = GbnfParser.Parse(gbnf);
        foreach (var sample in GbnfStringSampler.Generate(grammar, new Random(5), 40))
        {
            bool ok;
            try
            {
                ok = JsonSchemaValidator.IsValid(JsonNode.Parse(sample), schema);
            }
            catch (ArgumentException)
            {
                continue; // two random extra members with one name: a known over-approximation the output validator catches
            }

            Assert.True(ok, $"grammar generates invalid {sample}\n{gbnf}");
        }
    }

    [Theory]
    [InlineData("""{"type":"array","uniqueItems":true,"minItems":2}""", "$.uniqueItems")]
    [InlineData("""{"not":{"minimum":3}}""", "$.not")]
    [InlineData("""{"not":{"required":["a"],"enum":[1]}}""", "$.not")]
    [InlineData("""{"type":"string","not":{"pattern":"^a"}}""", "$.not")]
    [InlineData("""{"type":"object","properties":{"a":{}},"dependentSchemas":{"a":{"maxProperties":2}}}""", "$.dependentSchemas.a.maxProperties")]
    [InlineData("""{"type":"string","pattern":"^(a|bbb)$","minLength":2,"maxLength":2}""", "$.minLength")]
    [InlineData("""{"type":"string","format":"uuid","maxLength":10}""", "$.maxLength")]
    [InlineData("""{"type":"string","format":"date","minLength":11}""", "$.minLength")]
    [InlineData("""{"type":"object","patternProperties":{"^x":{}},"propertyNames":{"maxLength":3}}""", "$.propertyNames")]
    [InlineData("""{"type":"object","not":{"required":["a"]}}""", "$.not")]
    public void Unsupported_forms_are_a_400_with_their_path(string schema, string path)
    {
        var ex = Assert.Throws<CompressorException>(() => JsonSchemaToGbnf.Convert(JsonNode.Parse(schema)));
        Assert.Equal(ErrorKind.BadRequest, ex.Kind);
        Assert.Equal("unsupported_schema_keyword", ex.Code);
        Assert.Equal(path, ex.Target);
    }

    [Theory]
    [InlineData("""{"not":{}}""")]
    [InlineData("""{"type":"object","properties":{"a":{}},"required":["a"],"not":{"required":["a"]}}""")]
    [InlineData("""{"type":"object","required":["a","b","c"],"maxProperties":2}""")]
    [InlineData("""{"type":"object","required":["a"],"additionalProperties":false}""")]
    public void Unsatisfiable_schemas_are_refused(string schema)
    {
        var ex = Assert.Throws<CompressorException>(() => JsonSchemaToGbnf.Convert(JsonNode.Parse(schema)));
        Assert.Equal("unsatisfiable_schema", ex.Code);
    }

    [Fact]
    public void Validator_checks_draft7_dependencies()
    {
        var schema = JsonNode.Parse("""{"dependencies":{"a":["b"],"c":{"required":["d"]}}}""");
        Assert.True(JsonSchemaValidator.IsValid(JsonNode.Parse("""{"a":1,"b":2}"""), schema));
        Assert.False(JsonSchemaValidator.IsValid(JsonNode.Parse("""{"a":1}"""), schema));
        Assert.False(JsonSchemaValidator.IsValid(JsonNode.Parse("""{"c":1}"""), schema));
        Assert.True(JsonSchemaValidator.IsValid(JsonNode.Parse("""{"b":1}"""), schema));
    }
}
