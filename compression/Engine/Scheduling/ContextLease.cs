using Compressor.Native;

namespace Compressor.Engine.Scheduling;

/// <summary>A rented context; disposing clears its cache and returns it to the pool.</summary>
public sealed class ContextLease : IDisposable
{
    private readonly Action<ContextLease> release;
    private int released;

    internal ContextLease(LlamaContext context, ContextProfile profile, TimeSpan waited, Action<ContextLease> release)
    {
        Context = context;
        Profile = profile;
        Waited = waited;
        this.release = release;
    }

    public LlamaContext Context { get; }

    public ContextProfile Profile { get; }

    /// <summary>Time spent queued for the context.</summary>
    public TimeSpan Waited { get; }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref released, 1) == 0)
        {
            release(this);
        }
    }
}
