namespace Compressor.Engine.Latent;

/// <summary>Where latent sets live between compress and generate (the host implements it over Postgres blobs).</summary>
public interface ILatentStore
{
    Task<Guid> PutAsync(LatentSet latents, CancellationToken cancellationToken);

    /// <summary>The set stored under <paramref name="id"/>, or null when there is none.</summary>
    Task<LatentSet?> GetAsync(Guid id, CancellationToken cancellationToken);
}
