using Compressor.Api.Configuration;
using Compressor.Engine.Latent;
using Microsoft.Extensions.Options;

namespace Compressor.Api.Hosting;

/// <summary>The latent codec (C3): options, adapters, service, store and the "latent" compressor.</summary>
public static class LatentRegistration
{
    public static IServiceCollection AddLatent(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<LatentOptions>().Bind(configuration.GetSection(LatentOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<LatentOptions>>(new OptionsValidator<LatentOptions>(o => o.Validate()));
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<LatentOptions>>().Value);
        services.AddSingleton<LatentAdapterRegistry>();
        services.AddSingleton<LatentService>();

        // Postgres when configured; otherwise process memory, bounded (latents are lost on restart).
        services.AddSingleton<ILatentStore>(sp => sp.GetRequiredService<StorageServices>().Blobs is { } blobs
            ? new PostgresLatentStore(blobs, sp.GetRequiredService<DatabaseState>())
            : new LatentMemoryStore(LatentMemoryStore.DefaultMaxBytes));
        services.AddSingleton<LatentCompressor>();
        return services;
    }
}
