using Compressor.Engine.Scheduling;

namespace Compressor.Engine.Models;

/// <summary>A request's hold on a loaded model: the model is not unloaded until this is disposed.</summary>
public sealed class ModelHandle : IDisposable
{
    private int disposed;

    internal ModelHandle(LoadedModel loaded)
    {
        Loaded = loaded;
        loaded.Enter();
    }

    public LoadedModel Loaded { get; }

    /// <summary>Rents a context of this model (queued, bounded; see <see cref="ContextPool"/>).</summary>
    public Task<ContextLease> RentAsync(ContextProfile profile, CancellationToken cancellationToken) =>
        Loaded.Pool.RentAsync(profile, cancellationToken);

    public void Dispose()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 0)
        {
            Loaded.Exit();
        }
    }
}
