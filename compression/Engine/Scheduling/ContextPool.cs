using System.Diagnostics;
using Compressor.Engine.Errors;
using Compressor.Engine.Options;
using Compressor.Native;

namespace Compressor.Engine.Scheduling;

/// <summary>
/// A bounded pool of contexts for one model. At most <see cref="EngineOptions.ContextsPerModel"/>
/// requests run at once; up to <see cref="EngineOptions.QueueLimit"/> more wait (cancellable,
/// with a timeout); beyond that a request is refused at once with a transient "overloaded" error,
/// which the API turns into 503 with Retry-After. No global lock: each model has its own pool.
/// </summary>
public sealed class ContextPool : IDisposable
{
    private readonly LlamaModel model;
    private readonly EngineOptions options;
    private readonly SemaphoreSlim slots;
    private readonly Lock gate = new();
    private readonly List<(ContextProfile Profile, LlamaContext Context)> idle = [];
    private int waiting;
    private int created;
    private bool disposed;

    public ContextPool(LlamaModel model, EngineOptions options)
    {
        this.model = model;
        this.options = options;
        slots = new SemaphoreSlim(options.ContextsPerModel, options.ContextsPerModel);
    }

    /// <summary>Parallel sequences each context of this pool holds.</summary>
    public int SequencesPerContext => options.SequencesPerContext;

    /// <summary>Requests currently waiting for a context.</summary>
    public int Waiting => Volatile.Read(ref waiting);

    /// <summary>Requests currently holding a context.</summary>
    public int Busy => options.ContextsPerModel - slots.CurrentCount;

    public async Task<ContextLease> RentAsync(ContextProfile profile, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        var clock = Stopwatch.StartNew();
        if (!slots.Wait(0, CancellationToken.None))
        {
            if (Interlocked.Increment(ref waiting) > options.QueueLimit)
            {
                Interlocked.Decrement(ref waiting);
                throw EngineErrors.Overloaded(RetryAfterSeconds());
            }

            try
            {
                if (!await slots.WaitAsync(options.QueueTimeout, cancellationToken).ConfigureAwait(false))
                {
                    throw EngineErrors.Overloaded(RetryAfterSeconds());
                }
            }
            finally
            {
                Interlocked.Decrement(ref waiting);
            }
        }

        try
        {
            var context = TakeOrCreate(profile);
            return new ContextLease(context, profile, clock.Elapsed, Return);
        }
        catch
        {
            slots.Release();
            throw;
        }
    }

    public void Dispose()
    {
        lock (gate)
        {
            disposed = true;
            foreach (var (_, context) in idle)
            {
                context.Dispose();
            }

            idle.Clear();
        }
    }

    private LlamaContext TakeOrCreate(ContextProfile profile)
    {
        lock (gate)
        {
            var index = idle.FindIndex(e => e.Profile == profile);
            if (index >= 0)
            {
                var found = idle[index].Context;
                idle.RemoveAt(index);
                return found;
            }

            // Keep memory bounded: at most ContextsPerModel contexts exist, so drop an idle one of another profile.
            if (created >= options.ContextsPerModel && idle.Count > 0)
            {
                idle[0].Context.Dispose();
                idle.RemoveAt(0);
                created--;
            }

            created++;
        }

        try
        {
            return LlamaContext.Create(model, OptionsFor(profile));
        }
        catch (LlamaException e)
        {
            lock (gate)
            {
                created--;
            }

            throw EngineErrors.FromNative(e);
        }
    }

    private void Return(ContextLease lease)
    {
        lease.Context.TensorObserver = null;
        lease.Context.ClearMemory();
        lock (gate)
        {
            if (disposed)
            {
                lease.Context.Dispose();
            }
            else
            {
                idle.Add((lease.Profile, lease.Context));
            }
        }

        slots.Release();
    }

    private LlamaContextOptions OptionsFor(ContextProfile profile)
    {
        var threads = options.EffectiveThreads;
        var common = new LlamaContextOptions
        {
            ContextSize = options.ContextSize,
            BatchSize = options.BatchSize,
            MicroBatchSize = Math.Min(options.BatchSize, 512),
            SequenceCount = options.SequencesPerContext,
            Threads = threads,
            BatchThreads = threads,
            UnifiedKv = true,
        };
        return profile switch
        {
            ContextProfile.Scoring => common with { FlashAttention = FlashAttention.Disabled, EnableTensorCapture = true },
            ContextProfile.Embedding => common with { Embeddings = true, Pooling = PoolingType.Mean },
            _ => common with { FlashAttention = FlashAttention.Auto },
        };
    }

    private int RetryAfterSeconds() => Math.Max(1, (int)Math.Ceiling(options.QueueTimeout.TotalSeconds / 10));
}
