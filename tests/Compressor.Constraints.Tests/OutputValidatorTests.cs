using System.Text.Json.Nodes;
using Compressor.Constraints.Validation;

namespace Compressor.Constraints.Tests;

public class OutputValidatorTests
{
    private static readonly JsonNode Schema = JsonNode.Parse("""{"type":"object","additionalProperties":{"type":"integer"}}""")!;

    [Fact]
    public void A_repeated_member_name_is_invalid_output_not_an_exception()
    {
        var outcome = new JsonSchemaOutputValidator(Schema).Validate("""{"a": 1, "a": 2}""");
        Assert.False(outcome.IsValid);
    }

    [Theory]
    [InlineData("""{"a": 1, "b": 2}""", true)]
    [InlineData("""{"a": "x"}""", false)]
    [InlineData("""{"a": 1""", false)]
    [InlineData("""{"\ud83d": 1}""", false)]
    [InlineData("""{"a": "\ud83d"}""", false)]
    public void Outputs_are_parsed_then_validated(string output, bool valid) =>
        Assert.Equal(valid, new JsonSchemaOutputValidator(Schema).Validate(output).IsValid);
}
