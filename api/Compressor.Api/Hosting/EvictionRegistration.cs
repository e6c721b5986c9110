using Compressor.Engine.Eviction;
using Compressor.Engine.Models;
using Microsoft.Extensions.Options;

namespace Compressor.Api.Hosting;

/// <summary>KV-cache eviction: long-context generation (/v1/generate with <c>context</c>) and method "attention" of /v1/compress.</summary>
public static class EvictionRegistration
{
    public static IServiceCollection AddEviction(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<EvictionOptions>().Bind(configuration.GetSection(EvictionOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<EvictionOptions>>(new Configuration.OptionsValidator<EvictionOptions>(o => o.Validate()));
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<EvictionOptions>>().Value);

        // Calibrations go beside the model, or to a temp folder when the models folder is read-only.
        services.AddSingleton<IFrequencyCalibrationStore>(_ => new FileFrequencyCalibrationStore(Path.Combine(Path.GetTempPath(), "compressor-fasa")));
        services.AddSingleton(sp =>
        {
            // Without a database there is no store: every request reads its document.
            var blobs = sp.GetRequiredService<StorageServices>().Blobs;
            var store = blobs is null ? null : new BlobKvStateStore(blobs, sp.GetRequiredService<DatabaseState>(), sp.GetRequiredService<ILogger<BlobKvStateStore>>());
            return new KvEvictionService(sp.GetRequiredService<ModelRegistry>(), sp.GetRequiredService<EvictionOptions>(), store,
                sp.GetRequiredService<IFrequencyCalibrationStore>());
        });
        services.AddSingleton(sp => new AttentionCompressor(
            sp.GetRequiredService<ModelRegistry>(),
            sp.GetRequiredService<EvictionOptions>(),
            sp.GetRequiredService<IFrequencyCalibrationStore>()));
        return services;
    }
}
