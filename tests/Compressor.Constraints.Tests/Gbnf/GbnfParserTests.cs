using Compressor.Compression.Errors;
using Compressor.Constraints.Gbnf;

namespace Compressor.Constraints.Tests.Gbnf;

public class GbnfParserTests
{
    internal const string Arithmetic = """
        # a small grammar written for these tests
        root  ::= (expr "=" ws term "\n")+
        expr  ::= term ([-+*/] term)*
        term  ::= ident | num | "(" ws expr ")" ws
        ident ::= [a-z] [a-z0-9_]* ws
        num   ::= [0-9]+ ws
        ws    ::= [ \t\n]{0,4}
        """;

    [Fact]
    public void Parses_rules_classes_groups_and_quantifiers()
    {
        var g = GbnfParser.Parse(Arithmetic);
        Assert.Equal(["root", "expr", "term", "ident", "num", "ws"], g.Rules.Select(r => r.Name));
        var ws = Assert.IsType<GbnfRepeat>(g.RulesByName["ws"].Body);
        Assert.Equal((0, 4), (ws.Min, ws.Max));
        var root = Assert.IsType<GbnfRepeat>(g.Root.Body);
        Assert.Equal((1, (int?)null), (root.Min, root.Max));
    }

    [Fact]
    public void Round_trips_through_the_writer()
    {
        var text = GbnfParser.Parse(Arithmetic).ToString();
        var again = GbnfParser.Parse(text);
        Assert.Equal(text, again.ToString());
    }

    [Fact]
    public void Decodes_escapes_in_literals_and_classes()
    {
        var g = GbnfParser.Parse("root ::= \"a\\n\\x41\\u00e9\\\"\" [^\\]\\x00-\\x1F] .\n");
        var seq = Assert.IsType<GbnfSequence>(g.Root.Body);
        Assert.Equal("a\nAé\"", Assert.IsType<GbnfLiteral>(seq.Items[0]).Text);
        var cls = Assert.IsType<GbnfCharClass>(seq.Items[1]);
        Assert.True(cls.Negated);
        Assert.False(cls.Matches(']'));
        Assert.True(cls.Matches('a'));
        Assert.True(Assert.IsType<GbnfCharClass>(seq.Items[2]).IsAny);
    }

    [Theory]
    [InlineData("root ::= \"abc\n", 2, "literal")]
    [InlineData("root ::= foo\n", 1, "not defined")]
    [InlineData("a ::= \"x\"\n", 1, "no 'root'")]
    [InlineData("root ::= \"a\"\n\nroot ::= \"b\"\n", 3, "defined twice")]
    [InlineData("root ::= * \"a\"\n", 1, "expecting an item")]
    [InlineData("root ::= [b-a]\n", 1, "reversed")]
    [InlineData("root ::= \"a\"{3,1}\n", 1, "maximum below")]
    [InlineData("root ::= \"a\"{5000}\n", 1, "exceeds")]
    [InlineData("root ::= \"\\q\"\n", 1, "unknown escape")]
    [InlineData("root ::= \"a\"\nx ::= (\"b\"\n", 3, "expecting ')'")]
    public void Rejects_bad_grammars_with_a_position(string text, int line, string fragment)
    {
        var ex = Assert.Throws<CompressorException>(() => GbnfParser.Parse(text));
        Assert.Equal(ErrorKind.BadRequest, ex.Kind);
        Assert.Contains(fragment, ex.Message, StringComparison.Ordinal);
        if (!fragment.Contains("root", StringComparison.Ordinal))
        {
            Assert.Contains($"line {line},", ex.Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("root ::= root \"a\" | \"b\"\n", "root -> root")]
    [InlineData("root ::= a\na ::= b \"x\"\nb ::= a \"y\" | \"z\"\n", "a -> b -> a")]
    [InlineData("root ::= opt root \"a\" | \"b\"\nopt ::= \"c\"?\n", "root -> root")]
    [InlineData("root ::= (\"a\"*)* \"b\"\n", "can be empty")]
    public void Rejects_left_recursion_direct_indirect_and_nullable(string text, string fragment)
    {
        var ex = Assert.Throws<CompressorException>(() => GbnfParser.Parse(text));
        Assert.Contains(fragment, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Enforces_size_limits()
    {
        var limits = new GbnfLimits { MaxRules = 3, MaxTextLength = 200, MaxExpandedSize = 1000 };
        Assert.Throws<CompressorException>(() => GbnfParser.Parse("root ::= a\na ::= b\nb ::= c\nc ::= \"x\"\n", limits));
        Assert.Throws<CompressorException>(() => GbnfParser.Parse("root ::= \"" + new string('x', 300) + "\"\n", limits));
        Assert.Throws<CompressorException>(() => GbnfParser.Parse("root ::= (\"ab\"{40}){40}\n", limits));
    }

    [Fact]
    public void A_grammar_at_the_size_limit_with_many_references_parses_in_linear_time()
    {
        // About 150,000 rule references in 1 MB: positions are tracked incrementally (a rescan from the
        // start per reference took minutes). The bound is a safety net against that, not a benchmark.
        var text = new System.Text.StringBuilder("root ::= (r0");
        for (var i = 1; text.Length < 990_000; i++)
        {
            text.Append(i % 12 == 0 ? "\n  | r" : " r").Append(i % 100);
        }

        text.Append(")\n");
        for (var r = 0; r < 100; r++)
        {
            text.Append('r').Append(r).Append(" ::= \"a\"\n");
        }

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var limits = new GbnfLimits { MaxExpandedSize = int.MaxValue };
        var grammar = GbnfParser.Parse(text.ToString(), limits);
        Assert.Equal(101, grammar.Rules.Count);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"parsing took {clock.Elapsed}");
    }

    [Fact]
    public void Parses_every_llama_cpp_example_grammar()
    {
        // Guarded by the data folder; the inline grammars above cover the same parser paths.
        var folder = EvalData.Folder("llama_cpp_gbnf/grammars");
        if (folder is null)
        {
            return;
        }

        var files = Directory.GetFiles(folder, "*.gbnf");
        Assert.NotEmpty(files);
        foreach (var file in files)
        {
            var grammar = GbnfParser.Parse(File.ReadAllText(file));
            Assert.True(grammar.Rules.Count > 0, file);
        }
    }
}
