using Compressor.Engine.Scheduling;
using Compressor.Native;

namespace Compressor.Engine.Models;

/// <summary>One loaded copy of a model, shared by all requests, with its context pool.</summary>
public sealed class LoadedModel : IDisposable
{
    private long lastUsedTicks;
    private int users;

    internal LoadedModel(ModelDescriptor descriptor, string fingerprint, LlamaModel model, ContextPool pool)
    {
        Descriptor = descriptor;
        Fingerprint = fingerprint;
        Model = model;
        Pool = pool;
        Touch();
    }

    public ModelDescriptor Descriptor { get; }

    public string Id => Descriptor.Id;

    /// <summary>"sha256:&lt;hex&gt;" of the file as loaded.</summary>
    public string Fingerprint { get; }

    public LlamaModel Model { get; }

    public ContextPool Pool { get; }

    public DateTime LastUsedUtc => new(Interlocked.Read(ref lastUsedTicks), DateTimeKind.Utc);

    /// <summary>Requests currently using this model (it is not unloaded while positive).</summary>
    public int Users => Volatile.Read(ref users);

    internal void Touch() => Interlocked.Exchange(ref lastUsedTicks, DateTime.UtcNow.Ticks);

    internal void Enter()
    {
        Interlocked.Increment(ref users);
        Touch();
    }

    internal void Exit()
    {
        Interlocked.Decrement(ref users);
        Touch();
    }

    public void Dispose()
    {
        Pool.Dispose();
        Model.Dispose();
    }
}
