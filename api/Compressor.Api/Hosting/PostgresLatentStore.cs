using System.Text.Json;
using Compressor.Api.Configuration;
using Compressor.Compression.Errors;
using Compressor.Engine.Latent;
using Compressor.Storage;

namespace Compressor.Api.Hosting;

/// <summary>
/// Latent sets as Postgres blobs (kind "latents", key = the id): the compact float16 form, with a
/// small JSON description beside it. A database outage is a 503 naming the database, since
/// latents cannot be served or kept without it.
/// </summary>
public sealed class PostgresLatentStore(IBlobStore blobs, DatabaseState database) : ILatentStore
{
    public const string Kind = "latents";

    public async Task<Guid> PutAsync(LatentSet latents, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(latents);
        var id = Guid.CreateVersion7();
        var meta = JsonSerializer.Serialize(new
        {
            latents.Adapter,
            latents.AdapterFingerprint,
            latents.HiddenSize,
            latents.LatentCount,
            latents.TextTokens,
            Blocks = latents.Blocks.Count,
        }, ApiJson.Options);
        var data = LatentSetSerializer.Serialize(latents);
        await RunAsync(async () =>
        {
            await blobs.PutAsync(Kind, id.ToString(), data, meta, cancellationToken).ConfigureAwait(false);
            return true;
        }, "stored");
        return id;
    }

    public async Task<LatentSet?> GetAsync(Guid id, CancellationToken cancellationToken)
    {
        var blob = await RunAsync(() => blobs.GetAsync(Kind, id.ToString(), cancellationToken), "read");
        if (blob is null)
        {
            return null;
        }

        try
        {
            return LatentSetSerializer.Deserialize(blob.Data);
        }
        catch (FormatException e)
        {
            throw new CompressorException(ErrorKind.Unprocessable, "latents_unreadable", $"the stored latents {id} cannot be read: {e.Message}", "latents.id", e);
        }
    }

    private async Task<T> RunAsync<T>(Func<Task<T>> work, string verb)
    {
        if (!database.Migrated)
        {
            throw CompressorException.Unavailable("database_unavailable", $"the latents cannot be {verb} yet: the database migrations have not been applied", 5);
        }

        try
        {
            var result = await work().ConfigureAwait(false);
            database.ReportSuccess();
            return result;
        }
        catch (StorageUnavailableException e)
        {
            database.ReportFailure();
            throw CompressorException.Unavailable("database_unavailable", $"the latents cannot be {verb}: {e.Message}", 5);
        }
    }
}
