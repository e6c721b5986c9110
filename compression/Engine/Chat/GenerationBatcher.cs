using Compressor.Engine.Generation;

namespace Compressor.Engine.Chat;

/// <summary>
/// Gathers chat calls that arrive together (within a short window) into one
/// <see cref="TextGenerationService.GenerateManyAsync"/> call, so they run as parallel sequences
/// of one batched context instead of one after another. The first caller of a window leads it.
/// </summary>
public sealed class GenerationBatcher(TextGenerationService service, TimeSpan window)
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, List<Pending>> open = new(StringComparer.Ordinal);
    private int largestBatch;

    /// <summary>The most calls one window has gathered so far (for tests and metrics).</summary>
    public int LargestBatch => Volatile.Read(ref largestBatch);

    public Task<GenerationOutcome> GenerateAsync(string? modelId, IReadOnlyList<(string Role, string Content)> messages,
        GenerationRequest request, CancellationToken cancellationToken)
    {
        var pending = new Pending(messages, request, cancellationToken);
        var key = modelId ?? "";
        bool leader;
        lock (gate)
        {
            leader = !open.TryGetValue(key, out var list);
            if (leader)
            {
                list = [];
                open[key] = list;
            }

            list!.Add(pending);
        }

        if (leader)
        {
            _ = LeadAsync(key, modelId);
        }

        return pending.Completion.Task.WaitAsync(cancellationToken);
    }

    private async Task LeadAsync(string key, string? modelId)
    {
        await Task.Delay(window).ConfigureAwait(false);
        List<Pending> batch;
        lock (gate)
        {
            batch = open[key];
            open.Remove(key);
        }

        InterlockedMax(ref largestBatch, batch.Count);

        // The batch stops only when every member has given up.
        using var all = new CancellationTokenSource();
        var remaining = batch.Count;
        var registrations = batch.Select(p => p.Cancellation.Register(() =>
        {
            if (Interlocked.Decrement(ref remaining) == 0)
            {
                all.Cancel();
            }
        })).ToList();
        try
        {
            var outcomes = await service.GenerateManyAsync(modelId, [.. batch.Select(p => p.Messages)], [.. batch.Select(p => p.Request)], all.Token)
                .ConfigureAwait(false);
            for (var i = 0; i < batch.Count; i++)
            {
                batch[i].Completion.TrySetResult(outcomes[i]);
            }
        }
        catch (Exception e)
        {
            foreach (var p in batch)
            {
                p.Completion.TrySetException(e);
            }
        }
        finally
        {
            foreach (var r in registrations)
            {
                await r.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private sealed record Pending(IReadOnlyList<(string Role, string Content)> Messages, GenerationRequest Request, CancellationToken Cancellation)
    {
        public TaskCompletionSource<GenerationOutcome> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }
}
