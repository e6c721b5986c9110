using System.Text.Json.Nodes;
using Compressor.Compression.Errors;
using Compressor.Constraints.Gbnf;

namespace Compressor.Constraints.Tests;

public class ConstraintCompilerTests
{
    [Fact]
    public void Compiles_each_kind_with_a_matching_validator()
    {
        var compiler = new ConstraintCompiler();
        var schema = compiler.Compile("json_schema", JsonNode.Parse("""{"type":"object","properties":{"n":{"type":"integer"}},"required":["n"]}"""));
        Assert.Equal(ConstraintKind.JsonSchema, schema.Kind);
        Assert.True(schema.Validator.Validate("""{"n": 3}""").IsValid);
        Assert.False(schema.Validator.Validate("""{"n": "x"}""").IsValid);
        Assert.False(schema.Validator.Validate("""{"n": 3""").IsValid);

        var regex = compiler.Compile("regex", JsonValue.Create("[a-z]+\\d"));
        Assert.True(GbnfMatcher.FromText(regex.Gbnf).IsMatch("abc1"));
        Assert.True(regex.Validator.Validate("abc1").IsValid);
        Assert.False(regex.Validator.Validate("abc1\n").IsValid);

        var grammar = compiler.Compile("grammar", JsonValue.Create("root ::= \"yes\" | \"no\"\n"));
        Assert.True(grammar.Validator.Validate("no").IsValid);
        Assert.False(grammar.Validator.Validate("n").IsValid);

        var choice = compiler.Compile("choice", new JsonArray("red", "green \"x\""));
        Assert.True(GbnfMatcher.FromText(choice.Gbnf).IsMatch("green \"x\""));
        Assert.True(choice.Validator.Validate("red").IsValid);
        Assert.False(choice.Validator.Validate("blue").IsValid);
    }

    [Fact]
    public void Caches_compiled_constraints_in_a_bounded_lru()
    {
        var compiler = new ConstraintCompiler(capacity: 2);
        var a = compiler.Compile("regex", JsonValue.Create("a+"));
        Assert.Same(a, compiler.Compile("regex", JsonValue.Create("a+")));
        compiler.Compile("regex", JsonValue.Create("b+"));
        compiler.Compile("regex", JsonValue.Create("c+"));
        Assert.Equal(2, compiler.CachedCount);
        Assert.NotSame(a, compiler.Compile("regex", JsonValue.Create("a+")));
        Parallel.For(0, 64, i => Assert.NotNull(compiler.Compile("regex", JsonValue.Create($"x{i % 5}"))));
    }

    [Theory]
    [InlineData("nope", "\"x\"", "invalid_constraint")]
    [InlineData("grammar", "\"root ::= root \\\"a\\\"\\n\"", "invalid_grammar")]
    [InlineData("regex", "\"(?=a)\"", "unsupported_regex")]
    [InlineData("choice", "[]", "invalid_constraint")]
    [InlineData("json_schema", "{\"not\":{}}", "unsatisfiable_schema")]
    [InlineData("json_schema", "{\"not\":{\"minimum\":1}}", "unsupported_schema_keyword")]
    [InlineData("json_schema", "\"{bad json\"", "invalid_schema")]
    public void Bad_constraints_are_400s(string type, string value, string code)
    {
        var ex = Assert.Throws<CompressorException>(() => new ConstraintCompiler().Compile(type, JsonNode.Parse(value)));
        Assert.Equal(ErrorKind.BadRequest, ex.Kind);
        Assert.Equal(code, ex.Code);
    }
}
