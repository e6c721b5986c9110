using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using Compressor.Engine.Constrained;
using Compressor.Native;
using Compressor.Testing.Paths;
using Xunit.Abstractions;

namespace Compressor.Engine.Tests.Constrained;

/// <summary>
/// The prefix-forest walk (<see cref="GrammarOracle.AllowedSet(Span{bool})"/>) against llama.cpp's
/// full-vocabulary mask plus the UTF-8 fit check, token for token, over many grammar states reached
/// by random walks that favour tokens ending inside a multi-byte character: JSON schema, regex and
/// GBNF grammars (non-ASCII classes, negated classes, token references) on byte-level BPE
/// vocabularies (the generated 300- and 512-token models, Qwen2's 151,936 tokens: the vocabulary of
/// the benchmark's Qwen-shaped model) and a sentencepiece one (Llama's 32,000).
/// </summary>
[Collection(EngineCollection.Name)]
public sealed class TokenTrieTests(EngineFixture fixture, ITestOutputHelper output) : IDisposable
{
    private readonly ConstrainedHarness harness = new(fixture);

    public void Dispose() => harness.Dispose();

    private static readonly (string Type, string Value)[] Constraints =
    [
        ("json_schema", """{"type":"object","properties":{"name":{"type":"string","maxLength":6},"age":{"type":"integer","minimum":0,"maximum":120},"ok":{"type":"boolean"}},"required":["name","age","ok"],"additionalProperties":false}"""),
        ("json_schema", """{"type":"array","items":{"enum":["red","café","日本語",3,null]},"minItems":1,"maxItems":3}"""),
        ("json_schema", """{"type":"object","properties":{"id":{"type":"string","format":"uuid"},"tags":{"type":"array","items":{"type":"string","pattern":"^[a-zé]{1,4}$"},"maxItems":2}},"required":["id","tags"],"additionalProperties":false}"""),
        ("json_schema", """{"$defs":{"node":{"type":"object","properties":{"v":{"type":"number"},"next":{"anyOf":[{"$ref":"#/$defs/node"},{"type":"null"}]}},"required":["v","next"],"additionalProperties":false}},"$ref":"#/$defs/node"}"""),
        ("json_schema", """{"type":"object","properties":{"text":{"type":"string"},"when":{"type":"string","format":"date"}},"required":["text","when"]}"""),
        ("regex", "[a-z]{2,6}@[a-z]{3}\\.(com|org)"),
        ("regex", "\\d{3}-\\d{4}"),
        ("regex", "(日本|中国)語?[à-ÿ]{0,3}"),
        ("regex", "[^é\"]{1,8}x"),
        ("grammar", "root ::= \"(\" num (\"+\" num)? \")\"\nnum ::= [0-9] [0-9]?\n"),
        ("grammar", "root ::= [一-龥]+ \"。\" | [^\\x00-\\x7F]{1,3} \"!\"\n"),
        ("grammar", "root ::= [^\\u00E9\\u4E00]+ \"x\"\n"),
        ("grammar", "root ::= \"a\" <[5]> [a-z]* | [0-9]+\n"),
    ];

    public static TheoryData<string> Vocabularies => ["small", "tiny", "qwen2", "llama-spm"];

    [Theory]
    [MemberData(nameof(Vocabularies))]
    public async Task Walk_gives_exactly_the_full_mask_in_every_visited_state(string source)
    {
        await WithVocab(source, vocab =>
        {
            var bytes = TokenBytes.For(vocab);
            var trie = bytes.Trie;
            output.WriteLine($"{source}: {bytes.Count} tokens, {trie.PlainCount} in the forest ({trie.Roots.Length} roots, depth {trie.Depth}), " +
                             $"{trie.Individual.Length} checked one by one; built in {trie.BuildTime.TotalMilliseconds:F1} ms, {trie.Bytes / 1024.0:F0} KiB");
            var large = bytes.Count > 4096;
            var walks = large ? 2 : 4;
            var steps = large ? 10 : 24;
            var states = 0;
            long walkChecks = 0;
            var walkTicks = 0L;
            var maskTicks = 0L;
            var mine = new bool[bytes.Count];
            var reference = new bool[bytes.Count];
            var logits = new float[bytes.Count];
            foreach (var (type, value) in Constraints)
            {
                var gbnf = Gbnf(type, value);
                for (var w = 0; w < walks; w++)
                {
                    var rng = new Random((w * 7919) + value.Length);
                    using var grammar = GrammarSampler.Create(vocab, gbnf);
                    var oracle = new GrammarOracle(grammar, bytes);
                    for (var s = 0; s < steps; s++)
                    {
                        var t0 = Stopwatch.GetTimestamp();
                        walkChecks += oracle.AllowedSet(mine);
                        var t1 = Stopwatch.GetTimestamp();
                        Array.Clear(logits);
                        grammar.ApplyMask(logits);
                        for (var t = 0; t < logits.Length; t++)
                        {
                            reference[t] = !float.IsNegativeInfinity(logits[t]) && bytes.Fits(t, oracle.Tail);
                        }

                        maskTicks += Stopwatch.GetTimestamp() - t1;
                        walkTicks += t1 - t0;
                        states++;
                        AssertSame(vocab, bytes, reference, mine, $"{type} {value}, walk {w}, step {s}, tail {oracle.Tail}");
                        if (!large)
                        {
                            // One by one, as AWRS asks, too.
                            for (var t = 0; t < bytes.Count; t++)
                            {
                                Assert.True(oracle.IsAllowed(t) == mine[t], $"token {t} ({Show(bytes.Of(t))}): single check {!mine[t]}, walk {mine[t]}");
                            }
                        }

                        // A few at a time in one batched call, as AWRS checks the draws it makes ahead: by an
                        // oracle that has walked (roots' verdicts known) and by a fresh one (all to llama.cpp).
                        var fresh = new GrammarOracle(grammar, bytes) { Tail = oracle.Tail };
                        var few = FewTokens(mine, rng);
                        var answers = new bool[few.Length];
                        foreach (var asker in new[] { oracle, fresh })
                        {
                            asker.CheckMany(few, answers);
                            for (var k = 0; k < few.Length; k++)
                            {
                                Assert.True(answers[k] == mine[few[k]], $"token {few[k]} ({Show(bytes.Of(few[k]))}): batched check {answers[k]}, walk {mine[few[k]]}");
                            }
                        }

                        var next = PickNext(bytes, oracle.Tail, mine, rng);
                        if (next < 0 || !oracle.TryAccept(next))
                        {
                            break;
                        }
                    }
                }
            }

            output.WriteLine($"{states} states identical; walk {walkChecks / (double)states:F0} checks and " +
                             $"{Stopwatch.GetElapsedTime(0, walkTicks).TotalMilliseconds / states:F2} ms per state, " +
                             $"mask {Stopwatch.GetElapsedTime(0, maskTicks).TotalMilliseconds / states:F2} ms per state");
        });
    }

    /// <summary>40 tokens: every fourth an allowed one where any is, the rest at random.</summary>
    private static int[] FewTokens(bool[] allowed, Random rng)
    {
        var yes = Enumerable.Range(0, allowed.Length).Where(t => allowed[t]).ToArray();
        return [.. Enumerable.Range(0, 40).Select(k => k % 4 == 0 && yes.Length > 0 ? yes[rng.Next(yes.Length)] : rng.Next(allowed.Length))];
    }

    [Fact]
    public async Task Pruning_inside_characters_is_wrong_under_a_negated_non_ascii_class_and_is_not_used_there()
    {
        // [^é] rejects a token ending in 0xC3 (its completions U+00C0..U+00FF include é) while "à" (C3 A0)
        // passes: a rejection inside a character does not carry over to the extensions here.
        await WithVocab("qwen2", vocab =>
        {
            var bytes = TokenBytes.For(vocab);
            using var grammar = GrammarSampler.Create(vocab, "root ::= [^é]+ \"x\"\n");
            var oracle = new GrammarOracle(grammar, bytes);
            Assert.Equal(PrefixPruning.WholeCharacters, oracle.Pruning);
            var safe = new bool[bytes.Count];
            var unsafeSet = new bool[bytes.Count];
            oracle.AllowedSet(safe);
            oracle.AllowedSet(unsafeSet, PrefixPruning.All);
            var a = Enumerable.Range(0, bytes.Count).Single(t => bytes.Of(t).SequenceEqual("à"u8));
            Assert.True(safe[a]);
            Assert.False(unsafeSet[a]);
        });
    }

    [Fact]
    public async Task Forest_parents_are_prefixes_and_every_token_is_placed_once()
    {
        await WithVocab("qwen2", vocab =>
        {
            var bytes = TokenBytes.For(vocab);
            var trie = bytes.Trie;
            var seen = new int[bytes.Count];
            var stack = new Stack<int>(trie.Roots);
            while (stack.Count > 0)
            {
                var t = stack.Pop();
                seen[t]++;
                foreach (var c in trie.Children(t))
                {
                    Assert.True(bytes.Of(c).StartsWith(bytes.Of(t)), $"{Show(bytes.Of(c))} under {Show(bytes.Of(t))}");
                    stack.Push(c);
                }
            }

            foreach (var t in trie.Individual)
            {
                seen[t]++;
                Assert.True(bytes.IsEndOfGeneration(t) || bytes.Of(t).IsEmpty);
            }

            Assert.All(seen, n => Assert.Equal(1, n));
            Assert.Contains(vocab.Eos, trie.Individual);
            output.WriteLine($"qwen2: {trie.Roots.Length} roots, depth {trie.Depth}, {trie.Individual.Length} individual, " +
                             $"built in {trie.BuildTime.TotalMilliseconds:F1} ms, {trie.Bytes / 1024.0:F0} KiB");
        });
    }

    [Fact]
    public async Task Structural_json_positions_check_a_small_frontier_not_the_vocabulary()
    {
        await WithVocab("qwen2", vocab =>
        {
            var bytes = TokenBytes.For(vocab);
            using var grammar = GrammarSampler.Create(vocab, Gbnf("json_schema", Constraints[0].Value));
            var oracle = new GrammarOracle(grammar, bytes);
            var allowed = new bool[bytes.Count];
            var checks = oracle.AllowedSet(allowed);
            output.WriteLine($"start of an object: {checks} checks, {allowed.Count(a => a)} allowed of {bytes.Count}");
            Assert.InRange(checks, 1, bytes.Count / 20);
            Assert.True(oracle.TryAccept(vocab.Tokenize("{\"")[0]));
            checks = oracle.AllowedSet(allowed);
            output.WriteLine($"after {{: {checks} checks, {allowed.Count(a => a)} allowed");
            Assert.InRange(checks, 1, bytes.Count / 20);
        });
    }

    [Theory]
    [InlineData("root ::= \"a\" [b-c]+", PrefixPruning.All)]
    [InlineData("root ::= [^\"\\\\\\x7F\\x00-\\x1F]*", PrefixPruning.All)]
    [InlineData("root ::= [^é]", PrefixPruning.WholeCharacters)]
    [InlineData("root ::= [^\\u00e9]", PrefixPruning.WholeCharacters)]
    [InlineData("root ::= [^\\x80-\\xFF]", PrefixPruning.WholeCharacters)]
    [InlineData("root ::= [é] \"[^é]\" # [^é]\n", PrefixPruning.All)]
    [InlineData("root ::= \"<x>\" [<]", PrefixPruning.All)]
    [InlineData("root ::= <[42]> \"a\"", PrefixPruning.None)]
    [InlineData("root ::= !<|im_end|>", PrefixPruning.None)]
    [InlineData("root ::= \"unterminated", PrefixPruning.None)]
    public void Pruning_is_read_off_the_grammar_text(string gbnf, PrefixPruning expected) =>
        Assert.Equal(expected, PrefixPruningScan.Of(gbnf));

    /// <summary>GBNF of a constraint (grammars as written: token references are llama.cpp syntax only).</summary>
    private string Gbnf(string type, string value) =>
        type == "grammar" ? value : harness.Compiler.Compile(type, type is "json_schema" ? JsonNode.Parse(value) : JsonValue.Create(value)).Gbnf;

    /// <summary>Runs <paramref name="test"/> on a generated model's vocabulary or a vocabulary-only GGUF from llama.cpp.</summary>
    private async Task WithVocab(string source, Action<LlamaVocab> test)
    {
        // Acquiring a generated model also brings up the native backend for the vocabulary-only loads.
        using var handle = await harness.Registry.AcquireAsync(source is "tiny" ? "tiny" : "small", CancellationToken.None);
        if (source is "small" or "tiny")
        {
            test(handle.Loaded.Model.Vocab);
            return;
        }

        using var model = LlamaModel.Load(Path.Combine(RepositoryPaths.NativeVocab, $"ggml-vocab-{source}.gguf"), new LlamaModelOptions { VocabOnly = true });
        test(model.Vocab);
    }

    /// <summary>A random allowed token, half the time one that ends inside a multi-byte character when there is one.</summary>
    private static int PickNext(TokenBytes bytes, Utf8Tail tail, bool[] allowed, Random rng)
    {
        var all = new List<int>();
        var partial = new List<int>();
        for (var t = 0; t < allowed.Length; t++)
        {
            if (allowed[t] && !bytes.IsEndOfGeneration(t))
            {
                all.Add(t);
                if (tail.Push(bytes.Of(t)) is { IsComplete: false })
                {
                    partial.Add(t);
                }
            }
        }

        var from = partial.Count > 0 && rng.Next(2) == 0 ? partial : all;
        return from.Count == 0 ? -1 : from[rng.Next(from.Count)];
    }

    private static void AssertSame(LlamaVocab vocab, TokenBytes bytes, bool[] reference, bool[] walk, string where)
    {
        for (var t = 0; t < reference.Length; t++)
        {
            if (reference[t] != walk[t])
            {
                Assert.Fail($"{where}: token {t} ({Show(bytes.Of(t))}{(vocab.IsControl(t) ? ", control" : "")}) mask says {reference[t]}, walk says {walk[t]}");
            }
        }
    }

    private static string Show(ReadOnlySpan<byte> b)
    {
        var s = new StringBuilder();
        foreach (var x in b)
        {
            s.Append(x is >= 0x20 and < 0x7F ? ((char)x).ToString() : $"\\x{x:X2}");
        }

        return s.ToString();
    }
}
