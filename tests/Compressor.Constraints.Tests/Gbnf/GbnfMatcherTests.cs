using System.Diagnostics;
using Compressor.Compression.Errors;
using Compressor.Constraints.Gbnf;

namespace Compressor.Constraints.Tests.Gbnf;

public class GbnfMatcherTests
{
    // A JSON grammar written for these tests (same shape as llama.cpp's, not copied).
    internal const string Json = """
        root   ::= value
        value  ::= object | array | string | number | ("true" | "false" | "null") ws
        object ::= "{" ws ( string ":" ws value ("," ws string ":" ws value)* )? "}" ws
        array  ::= "[" ws ( value ("," ws value)* )? "]" ws
        string ::= "\"" ( [^"\\\x7F\x00-\x1F] | "\\" (["\\/bfnrt] | "u" [0-9a-fA-F]{4}) )* "\"" ws
        number ::= "-"? ("0" | [1-9] [0-9]*) ("." [0-9]+)? ([eE] [-+]? [0-9]+)? ws
        ws     ::= | " " | "\n" [ \t]{0,20}
        """;

    [Theory]
    [InlineData("a=b\n", true)]
    [InlineData("(y+2)*3 = x1\nz=4\n", true)]
    [InlineData("a=\n", false)]
    [InlineData("=b\n", false)]
    [InlineData("a=b", false)]
    public void Recognizes_the_arithmetic_language(string input, bool expected) =>
        Assert.Equal(expected, GbnfMatcher.FromText(GbnfParserTests.Arithmetic).IsMatch(input));

    [Theory]
    [InlineData("""{"a":[1,2.5e3,-0.5,true,null,"x\n\u00e9"],"b":{}}""")]
    [InlineData("[]")]
    [InlineData("\"\"")]
    [InlineData("{ \"k\": [ 1, 2 ] }")]
    public void Accepts_json_documents(string doc) => Assert.True(GbnfMatcher.FromText(Json).IsMatch(doc));

    [Theory]
    [InlineData("{\"a\":}")]
    [InlineData("[1,]")]
    [InlineData("01")]
    [InlineData("{\"a\" 1}")]
    [InlineData("\"\\x\"")]
    public void Rejects_malformed_json(string doc) => Assert.False(GbnfMatcher.FromText(Json).IsMatch(doc));

    [Fact]
    public void Answers_prefix_questions()
    {
        var m = GbnfMatcher.FromText(Json);
        Assert.True(m.IsPrefix("{\"a\":[1,"));
        Assert.False(m.IsMatch("{\"a\":[1,"));
        var bad = m.Match("{\"a\":]");
        Assert.False(bad.IsPrefix);
        Assert.Equal(5, bad.FailedAt);
        Assert.True(m.IsPrefix(string.Empty));
    }

    [Fact]
    public void Handles_bounded_and_unbounded_repetition()
    {
        var m = GbnfMatcher.FromText("root ::= \"a\"{2,3} \"b\"* \"c\"{2}\n");
        Assert.True(m.IsMatch("aacc"));
        Assert.True(m.IsMatch("aaabbbbcc"));
        Assert.False(m.IsMatch("acc"));
        Assert.False(m.IsMatch("aaaacc"));
        Assert.False(m.IsMatch("aac"));
    }

    [Fact]
    public void Long_inputs_stay_fast()
    {
        var m = GbnfMatcher.FromText(Json);
        var doc = "[" + string.Join(",", Enumerable.Range(0, 3000).Select(i => $"{{\"k{i}\":\"{new string('x', 10)}\"}}")) + "]";
        var sw = Stopwatch.StartNew();
        Assert.True(m.IsMatch(doc));
        Assert.True(sw.ElapsedMilliseconds < 10_000, $"{sw.ElapsedMilliseconds} ms for {doc.Length} chars");
    }

    [Fact]
    public void Gives_up_past_the_step_budget()
    {
        var m = new GbnfMatcher(GbnfParser.Parse("root ::= x*\nx ::= \"a\" | \"a\" \"a\" | y\ny ::= \"a\"+\n"), maxSteps: 2_000);
        var ex = Assert.Throws<CompressorException>(() => m.IsMatch(new string('a', 500)));
        Assert.Equal("grammar_match_budget_exceeded", ex.Code);
    }

    [Fact]
    public void Matches_documents_against_llama_cpp_json_grammar()
    {
        var folder = EvalData.Folder("llama_cpp_gbnf/grammars");
        if (folder is null)
        {
            return;
        }

        var m = GbnfMatcher.FromText(File.ReadAllText(Path.Combine(folder, "json.gbnf")));
        Assert.True(m.IsMatch("{\"name\": \"x\", \"list\": [1, 2.5, {\"a\": null}], \"ok\": true}"));
        Assert.True(m.IsMatch("{\n  \"a\": \"b\"\n}"));
        Assert.False(m.IsMatch("[1, 2]")); // llama.cpp's json.gbnf starts at an object
        var arithmetic = GbnfMatcher.FromText(File.ReadAllText(Path.Combine(folder, "arithmetic.gbnf")));
        Assert.True(arithmetic.IsMatch("(a+1)*2=x\n"));
    }
}
