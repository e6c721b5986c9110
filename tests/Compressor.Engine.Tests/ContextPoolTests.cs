using Compressor.Compression.Errors;
using Compressor.Engine.Options;
using Compressor.Engine.Scheduling;

namespace Compressor.Engine.Tests;

[Collection(EngineCollection.Name)]
public sealed class ContextPoolTests(EngineFixture fixture)
{
    private static EngineOptions Options(int contexts, int queue, double timeoutSeconds = 30) =>
        new() { ContextSize = 512, ContextsPerModel = contexts, QueueLimit = queue, QueueTimeout = TimeSpan.FromSeconds(timeoutSeconds), Threads = 1 };

    [Fact]
    public async Task A_full_queue_is_refused_at_once_as_transient_overload()
    {
        using var registry = fixture.CreateRegistry(Options(contexts: 1, queue: 1));
        using var model = await registry.AcquireAsync("tiny", CancellationToken.None);
        using var held = await model.RentAsync(ContextProfile.Generation, CancellationToken.None);
        var queued = model.RentAsync(ContextProfile.Generation, CancellationToken.None);
        Assert.False(queued.IsCompleted);

        var e = await Assert.ThrowsAsync<CompressorException>(() => model.RentAsync(ContextProfile.Generation, CancellationToken.None));
        Assert.Equal("overloaded", e.Code);
        Assert.True(e.IsTransient);
        Assert.True(e.RetryAfterSeconds >= 1);

        held.Dispose();
        using var next = await queued;
        Assert.NotNull(next.Context);
    }

    [Fact]
    public async Task Waiting_is_cancellable_and_bounded_in_time()
    {
        using var registry = fixture.CreateRegistry(Options(contexts: 1, queue: 4, timeoutSeconds: 0.2));
        using var model = await registry.AcquireAsync("tiny", CancellationToken.None);
        using var held = await model.RentAsync(ContextProfile.Generation, CancellationToken.None);

        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => model.RentAsync(ContextProfile.Generation, cts.Token));
        var e = await Assert.ThrowsAsync<CompressorException>(() => model.RentAsync(ContextProfile.Generation, CancellationToken.None));
        Assert.Equal("overloaded", e.Code);
        Assert.Equal(0, model.Loaded.Pool.Waiting);
    }

    [Fact]
    public async Task Returned_contexts_come_back_empty_and_are_reused()
    {
        using var registry = fixture.CreateRegistry(Options(contexts: 1, queue: 0));
        using var model = await registry.AcquireAsync("tiny", CancellationToken.None);
        Native.LlamaContext first;
        using (var lease = await model.RentAsync(ContextProfile.Generation, CancellationToken.None))
        {
            first = lease.Context;
            using var batch = Native.LlamaBatch.ForTokens(2);
            batch.Add(1, 0, 0, true);
            batch.Add(2, 1, 0, true);
            lease.Context.Decode(batch);
        }

        using var again = await model.RentAsync(ContextProfile.Generation, CancellationToken.None);
        Assert.Same(first, again.Context);
        Assert.Equal(-1, again.Context.PositionMax(0));
    }

    [Fact]
    public async Task Profiles_get_matching_contexts_within_the_same_bound()
    {
        using var registry = fixture.CreateRegistry(Options(contexts: 1, queue: 0));
        using var model = await registry.AcquireAsync("tiny", CancellationToken.None);
        using (var scoring = await model.RentAsync(ContextProfile.Scoring, CancellationToken.None))
        {
            Assert.Equal(Native.FlashAttention.Disabled, scoring.Context.Options.FlashAttention);
            Assert.True(scoring.Context.Options.EnableTensorCapture);
        }

        using var embedding = await model.RentAsync(ContextProfile.Embedding, CancellationToken.None);
        Assert.True(embedding.Context.Options.Embeddings);
    }
}
