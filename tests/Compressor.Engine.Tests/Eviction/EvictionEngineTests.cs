using System.Collections.Concurrent;
using System.Text;
using Compressor.Compression.Errors;
using Compressor.Engine.Eviction;
using Compressor.Engine.Models;
using Compressor.Engine.Options;
using Compressor.Engine.Scheduling;
using Compressor.Native;

namespace Compressor.Engine.Tests.Eviction;

[Collection(EngineCollection.Name)]
public sealed class EvictionEngineTests : IDisposable
{
    private readonly ModelRegistry registry;

    public EvictionEngineTests(EngineFixture fixture)
    {
        // An own registry: a failing test here cannot starve the shared pool of other tests.
        registry = fixture.CreateRegistry(new EngineOptions { ContextSize = 1024, ContextsPerModel = 2, SequencesPerContext = 1, Threads = 2, QueueTimeout = TimeSpan.FromSeconds(5) });
    }

    public void Dispose() => registry.Dispose();

    private static string LongText(int sentences)
    {
        var text = new StringBuilder();
        for (var i = 0; i < sentences; i++)
        {
            text.Append("Sentence ").Append(i).Append(" tells of the river, the mill and the ").Append(i % 7 == 0 ? "red" : "blue").Append(" boat. ");
        }

        return text.ToString();
    }

    private sealed class MemoryStore : IKvStateStore
    {
        public ConcurrentDictionary<string, byte[]> Items { get; } = new();

        public Task<byte[]?> GetAsync(string key, CancellationToken cancellationToken) =>
            Task.FromResult(Items.TryGetValue(key, out var v) ? v : null);

        public Task PutAsync(string key, byte[] state, string metaJson, CancellationToken cancellationToken)
        {
            Items[key] = state;
            return Task.CompletedTask;
        }
    }

    [Theory]
    [InlineData(EvictionPolicy.SnapKv)]
    [InlineData(EvictionPolicy.Streaming)]
    [InlineData(EvictionPolicy.H2O)]
    [InlineData(EvictionPolicy.Frequency)]
    [InlineData(EvictionPolicy.Random)]
    public async Task Reading_never_holds_more_than_budget_plus_one_chunk(EvictionPolicy policy)
    {
        using var handle = await registry.AcquireAsync("tiny", CancellationToken.None);
        using var lease = await handle.RentAsync(ContextProfile.Scoring, CancellationToken.None);
        var model = handle.Loaded.Model;
        var parts = PromptParts.Build(model, LongText(60), "Which boat was red?", null);
        Assert.True(parts.Document.Length > 600);
        var plan = new EvictionPlan { Policy = policy, Budget = 96, ChunkTokens = 64, Window = 16 };
        var calibration = policy == EvictionPolicy.Frequency ? FrequencyCalibrator.Calibrate(lease.Context, "test", CancellationToken.None) : null;
        var read = new EvictingReader(lease.Context, plan, calibration).Read(parts.Prefix, parts.Document, parts.Suffix, keepSuffix: true, CancellationToken.None);

        Assert.InRange(read.PeakCells, plan.Budget, plan.Budget + plan.ChunkTokens);
        Assert.Equal(plan.Budget, read.Map.Count + (read.SuffixInCache ? 0 : parts.Suffix.Length));
        Assert.True(read.Rounds > 5);
        Assert.Equal(parts.Prefix.Length, read.Map.Entries.TakeWhile(e => e.Protected && e.Source >= 0).Count());
        // Cells are compact and in position order; the cache agrees with the map.
        Assert.Equal(Enumerable.Range(0, read.Map.Count), read.Map.Entries.Select(e => e.Cell));
        KvCacheEditor.CheckInStep(lease.Context, 0, read.Map);
        Assert.Equal(policy == EvictionPolicy.SnapKv, read.SuffixInCache);
    }

    [Theory]
    [InlineData(ContextProfile.Scoring)]
    [InlineData(ContextProfile.Generation)]
    public async Task Eviction_through_the_state_filter_leaves_the_cache_llama_cpp_removal_leaves(ContextProfile profile)
    {
        using var handle = await registry.AcquireAsync("tiny", CancellationToken.None);
        using var lease = await handle.RentAsync(profile, CancellationToken.None);
        var context = lease.Context;
        var tokens = handle.Loaded.Model.Vocab.Tokenize(LongText(6));
        // Runs of kept and evicted cells of several lengths, the first and last cells evicted.
        var keep = Enumerable.Range(0, tokens.Length).Where(i => i % 7 is 2 or 3 or 5 && i < tokens.Length - 1).ToArray();

        (byte[] State, CellMap Map, float[] Logits) Read(bool filtered)
        {
            context.ClearMemory();
            var map = new CellMap();
            using (var batch = LlamaBatch.ForTokens(tokens.Length))
            {
                foreach (var t in tokens)
                {
                    var e = map.Append(t, map.Count);
                    batch.Add(t, e.Position, 0, false);
                }

                context.Decode(batch);
            }

            if (filtered)
            {
                // The real blob is one the filter understands (else the comparison below would be vacuous).
                Assert.NotNull(KvStateFilter.TryKeep(context.SaveSequenceState(0), keep));
                Assert.Equal(tokens.Length - keep.Length, KvCacheEditor.EvictAndCompact(context, 0, map, keep));
            }
            else
            {
                KvCacheEditor.Evict(context, 0, map, keep);
                KvCacheEditor.Compact(context, 0, map);
            }

            KvCacheEditor.CheckInStep(context, 0, map);
            var state = context.SaveSequenceState(0);
            return (state, map, Probe(context, map.NextPosition));
        }

        var viaLlama = Read(filtered: false);
        var viaFilter = Read(filtered: true);
        Assert.Equal(viaLlama.State, viaFilter.State);
        Assert.Equal(viaLlama.Map.Entries.Select(e => (e.Source, e.Position, e.Cell)), viaFilter.Map.Entries.Select(e => (e.Source, e.Position, e.Cell)));
        Assert.Equal(viaLlama.Logits, viaFilter.Logits);
    }

    [Fact]
    public async Task Compaction_gives_the_same_logits_as_before()
    {
        using var handle = await registry.AcquireAsync("tiny", CancellationToken.None);
        using var lease = await handle.RentAsync(ContextProfile.Scoring, CancellationToken.None);
        var context = lease.Context;
        var tokens = handle.Loaded.Model.Vocab.Tokenize(LongText(6));
        var map = new CellMap();
        using (var batch = LlamaBatch.ForTokens(tokens.Length))
        {
            foreach (var t in tokens)
            {
                var e = map.Append(t, e2(map));
                batch.Add(t, e.Position, 0, false);
            }

            context.Decode(batch);
        }

        var keep = Enumerable.Range(0, tokens.Length).Where(i => i % 3 != 1).ToArray();
        Assert.True(KvCacheEditor.Evict(context, 0, map, keep) > 0);
        var before = Probe(context, map.NextPosition);
        Assert.True(context.RemoveTokens(0, map.NextPosition, -1));
        KvCacheEditor.Compact(context, 0, map);
        KvCacheEditor.CheckInStep(context, 0, map);
        var after = Probe(context, map.NextPosition);
        // Same cells, same order: compaction changes only where they sit (max diff printed on failure).
        Assert.Equal(0f, before.Zip(after, (x, y) => Math.Abs(x - y)).Max(), 5);

        static int e2(CellMap m) => m.Count;
    }

    private static float[] Probe(LlamaContext context, int position)
    {
        using var batch = LlamaBatch.ForTokens(1);
        batch.Add(5, position, 0, true);
        context.Decode(batch);
        return context.GetLogits(-1).ToArray();
    }

    [Fact]
    public async Task Documents_longer_than_the_training_context_are_answered_within_the_budget()
    {
        var service = new KvEvictionService(registry, new EvictionOptions());
        var request = new EvictionRequest
        {
            ContextText = LongText(220),
            Question = "Which boat was red?",
            Budget = new KvBudget(Tokens: 192),
            Policy = EvictionPolicy.SnapKv,
            ChunkTokens = 256,
            MaxTokens = 8,
        };
        var outcome = await service.GenerateAsync("tiny", request, CancellationToken.None);
        Assert.True(outcome.Stats.CellsBefore > 2048);
        Assert.InRange(outcome.Stats.PeakCells, 1, 192 + 256);
        Assert.Equal(192, outcome.Stats.CellsAfter);
        Assert.True(outcome.CompletionTokens is > 0 and <= 8);
        Assert.Equal(outcome.Stats.KeptPositions.Order(), outcome.Stats.KeptPositions);
        Assert.False(outcome.Stats.CacheReused);
    }

    [Fact]
    public async Task Query_agnostic_caches_are_stored_and_reused_with_the_same_answer()
    {
        var store = new MemoryStore();
        var service = new KvEvictionService(registry, new EvictionOptions(), store);
        var request = new EvictionRequest
        {
            ContextText = LongText(40),
            Question = "Which boat was red?",
            Budget = new KvBudget(Ratio: 0.25),
            Policy = EvictionPolicy.H2O,
            ChunkTokens = 64,
            Window = 8,
            MaxTokens = 6,
        };
        var first = await service.GenerateAsync("tiny", request, CancellationToken.None);
        var second = await service.GenerateAsync("tiny", request, CancellationToken.None);
        Assert.Single(store.Items);
        Assert.False(first.Stats.CacheReused);
        Assert.True(second.Stats.CacheReused);
        Assert.Equal(first.Text, second.Text);
        Assert.Equal(first.Stats.KeptPositions, second.Stats.KeptPositions);

        // A query-aware policy is not stored unless asked.
        await service.GenerateAsync("tiny", request with { Policy = EvictionPolicy.SnapKv }, CancellationToken.None);
        Assert.Single(store.Items);
        await service.GenerateAsync("tiny", request with { Policy = EvictionPolicy.SnapKv, ReuseState = true }, CancellationToken.None);
        var reused = await service.GenerateAsync("tiny", request with { Policy = EvictionPolicy.SnapKv, ReuseState = true }, CancellationToken.None);
        Assert.Equal(2, store.Items.Count);
        Assert.True(reused.Stats.CacheReused);
    }

    [Fact]
    public async Task Impossible_budgets_and_limits_are_clear_errors()
    {
        var service = new KvEvictionService(registry, new EvictionOptions { MaxContextTokens = 5000 });
        var baseRequest = new EvictionRequest { ContextText = LongText(30), Question = "Which boat was red, and why was it there?", Budget = new KvBudget(Tokens: 4) };

        var tooSmall = await Assert.ThrowsAsync<CompressorException>(() => service.GenerateAsync("tiny", baseRequest, CancellationToken.None));
        Assert.Equal(("kv_budget_too_small", "context.kv_budget"), (tooSmall.Code, tooSmall.Target));

        var window = await Assert.ThrowsAsync<CompressorException>(() => service.GenerateAsync("tiny",
            baseRequest with { Policy = EvictionPolicy.H2O, Budget = new KvBudget(Tokens: 30), Window = 32 }, CancellationToken.None));
        Assert.Equal("kv_budget_too_small", window.Code);

        var exceeds = await Assert.ThrowsAsync<CompressorException>(() => service.GenerateAsync("tiny",
            baseRequest with { Budget = new KvBudget(Tokens: 1000), ChunkTokens = 512 }, CancellationToken.None));
        Assert.Equal((ErrorKind.TooLarge, "kv_budget_exceeds_context"), (exceeds.Kind, exceeds.Code));

        var huge = await Assert.ThrowsAsync<CompressorException>(() => service.GenerateAsync("tiny",
            baseRequest with { ContextText = LongText(500), Budget = new KvBudget(Tokens: 100) }, CancellationToken.None));
        Assert.Equal((ErrorKind.TooLarge, "context_too_large"), (huge.Kind, huge.Code));

        var ratio = await Assert.ThrowsAsync<CompressorException>(() => service.GenerateAsync("tiny",
            baseRequest with { Budget = new KvBudget(Ratio: 1.5) }, CancellationToken.None));
        Assert.Equal("kv_budget_invalid", ratio.Code);

        var noShift = Assert.Throws<CompressorException>(() => KvEvictionService.CheckShift("mamba", closeGaps: true, canShift: false, 100, 2048));
        Assert.Equal(("kv_cache_cannot_shift", ErrorKind.Unprocessable), (noShift.Code, noShift.Kind));
        var keepTooLong = Assert.Throws<CompressorException>(() => KvEvictionService.CheckShift("mamba", closeGaps: false, canShift: false, 3000, 2048));
        Assert.Equal("context_too_large", keepTooLong.Code);
        KvEvictionService.CheckShift("mamba", closeGaps: false, canShift: false, 1000, 2048);
    }
}
