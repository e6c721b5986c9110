using System.Text.Json.Nodes;
using Compressor.Engine.Constrained;
using Compressor.Native;
using Xunit.Abstractions;

namespace Compressor.Engine.Tests.Constrained;

/// <summary>
/// Grammar state keys read out of llama.cpp (<see cref="GrammarSampler.StateKey"/>) and the allowed-set
/// cache built on them: a key is always read (the layout of this llama.cpp build is recognised), equal
/// keys mean equal allowed sets, and a cached set is exactly what a fresh walk computes.
/// </summary>
[Collection(EngineCollection.Name)]
public sealed class AllowedSetCacheTests(EngineFixture fixture, ITestOutputHelper output) : IDisposable
{
    private readonly ConstrainedHarness harness = new(fixture);

    public void Dispose() => harness.Dispose();

    private static readonly (string Type, string Value)[] Constraints =
    [
        ("json_schema", """{"type":"object","properties":{"name":{"type":"string","maxLength":6},"tags":{"type":"array","items":{"enum":["a","bc"]}}},"required":["name","tags"],"additionalProperties":false}"""),
        ("json_schema", """{"type":"array","items":{"type":"object","properties":{"v":{"type":"integer"}},"required":["v"],"additionalProperties":false}}"""),
        ("regex", "([a-z]+,)*[0-9]{2}"),
        ("grammar", "root ::= \"\\\"\" [a-zé]* \"\\\"\" (\" \" root)?\n"),
    ];

    [Theory]
    [InlineData("small")]
    [InlineData("tiny")]
    public async Task Equal_state_keys_allow_equal_sets_and_clones_share_their_key(string model)
    {
        using var handle = await harness.Registry.AcquireAsync(model, CancellationToken.None);
        var vocab = handle.Loaded.Model.Vocab;
        var bytes = TokenBytes.For(vocab);
        var byKey = new Dictionary<(GrammarStateKey, Utf8Tail), bool[]>();
        int states = 0, repeats = 0;
        foreach (var (type, value) in Constraints)
        {
            var gbnf = Gbnf(type, value);
            byKey.Clear();
            for (var walk = 0; walk < 6; walk++)
            {
                var rng = new Random(walk + (31 * value.Length));
                using var grammar = GrammarSampler.Create(vocab, gbnf);
                var oracle = new GrammarOracle(grammar, bytes);
                for (var step = 0; step < 20; step++)
                {
                    var key = grammar.StateKey();
                    Assert.NotNull(key); // the layout of this llama.cpp build is recognised
                    using (var clone = grammar.Clone())
                    {
                        Assert.Equal(key, clone.StateKey());
                    }

                    var allowed = new bool[bytes.Count];
                    oracle.AllowedSet(allowed);
                    states++;
                    if (byKey.TryGetValue((key, oracle.Tail), out var earlier))
                    {
                        repeats++;
                        Assert.True(earlier.AsSpan().SequenceEqual(allowed), $"{type} {value}: walk {walk} step {step} has the key of an earlier state but another allowed set");
                    }
                    else
                    {
                        byKey[(key, oracle.Tail)] = allowed;
                    }

                    var choices = Enumerable.Range(0, allowed.Length).Where(t => allowed[t] && !bytes.IsEndOfGeneration(t)).ToList();
                    if (choices.Count == 0 || !oracle.TryAccept(choices[rng.Next(choices.Count)]))
                    {
                        break;
                    }
                }
            }
        }

        output.WriteLine($"{model}: {states} states, {repeats} met again under an earlier key");
        Assert.True(repeats > states / 10, $"only {repeats} of {states} states repeated: keys are not canonical");
    }

    [Fact]
    public async Task Cached_sets_are_exactly_the_fresh_walks()
    {
        using var handle = await harness.Registry.AcquireAsync("small", CancellationToken.None);
        var vocab = handle.Loaded.Model.Vocab;
        var bytes = TokenBytes.For(vocab);
        var cache = new AllowedSetCache(16L << 20);
        int hits = 0, steps = 0;
        for (var pass = 0; pass < 2; pass++)
        {
            foreach (var (type, value) in Constraints)
            {
                var rng = new Random(value.Length);
                using var grammar = GrammarSampler.Create(vocab, Gbnf(type, value));
                var oracle = new GrammarOracle(grammar, bytes, cache);
                for (var step = 0; step < 24; step++)
                {
                    oracle.BeginStep();
                    var known = oracle.Known;
                    var listed = new List<int>();
                    var checks = oracle.AllowedTokens(bytes.Count, listed);
                    var fresh = new bool[bytes.Count];
                    oracle.AllowedSet(fresh);
                    Assert.Equal(Enumerable.Range(0, fresh.Length).Where(t => fresh[t]), listed.Order());
                    for (var t = 0; t < bytes.Count; t++)
                    {
                        Assert.True(oracle.IsAllowed(t) == fresh[t], $"token {t}: {(known ? "cached" : "walked")} set says {!fresh[t]}");
                    }

                    steps++;
                    if (known)
                    {
                        hits++;
                        Assert.Equal(0, checks);
                    }

                    var choices = listed.Where(t => !bytes.IsEndOfGeneration(t)).Order().ToList();
                    if (choices.Count == 0 || !oracle.TryAccept(choices[rng.Next(choices.Count)]))
                    {
                        break;
                    }
                }

                if (pass == 1)
                {
                    Assert.True(oracle.CacheHits > 0, $"{type} {value}: a second identical walk found no state cached");
                }
            }
        }

        output.WriteLine($"{hits} of {steps} steps answered from the cache ({cache.Count} states, {cache.Bytes / 1024} KiB)");
        Assert.True(cache.Bytes <= cache.BudgetBytes);
    }

    [Fact]
    public void The_cache_keeps_to_its_byte_budget()
    {
        var set = new AllowedSet([1, 2, 3], 1024);
        var cache = new AllowedSetCache(4 * (set.Bytes + 200));
        var scope = cache.ScopeOf(null!, "root ::= \"a\"");
        Assert.Same(scope, cache.ScopeOf(null!, "root ::= \"a\""));
        for (var i = 0; i < 50; i++)
        {
            cache.Add(scope, GrammarStateKeyFor(i), Utf8Tail.Start, set);
        }

        Assert.InRange(cache.Count, 1, 4);
        Assert.True(cache.Bytes <= cache.BudgetBytes);
        Assert.NotNull(cache.TryGet(scope, GrammarStateKeyFor(49), Utf8Tail.Start));
        Assert.Null(cache.TryGet(scope, GrammarStateKeyFor(0), Utf8Tail.Start));
    }

    private static GrammarStateKey GrammarStateKeyFor(int i) => GrammarStateKey.ForTests([0, 1, 1, i]);

    private string Gbnf(string type, string value) =>
        type == "grammar" ? value : harness.Compiler.Compile(type, type is "json_schema" ? JsonNode.Parse(value) : JsonValue.Create(value)).Gbnf;
}
