using System.Text.Json.Nodes;
using Compressor.Constraints.Gbnf;
using Compressor.Constraints.JsonSchema;

namespace Compressor.Constraints.Tests.JsonSchema;

/// <summary>The check the schema-to-grammar theories share: valid examples pass validator and grammar, invalid ones fail the grammar.</summary>
internal static class SchemaGrammarAssert
{
    /// <summary>Returns the schema and its grammar text for further checks.</summary>
    public static (JsonNode? Schema, string Gbnf) AcceptsAndRejects(string schemaText, string[] valid, string[] invalid)
    {
        var schema = JsonNode.Parse(schemaText);
        var gbnf = JsonSchemaToGbnf.Convert(schema);
        var matcher = GbnfMatcher.FromText(gbnf);
        foreach (var v in valid)
        {
            Assert.True(JsonSchemaValidator.IsValid(JsonNode.Parse(v), schema), $"validator rejects {v}");
            Assert.True(matcher.IsMatch(v), $"grammar rejects valid {v}\n{gbnf}");
        }

        foreach (var v in invalid)
        {
            Assert.False(matcher.IsMatch(v), $"grammar accepts invalid {v}\n{gbnf}");
        }

        return (schema, gbnf);
    }
}
