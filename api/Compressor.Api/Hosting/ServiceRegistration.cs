using Compressor.Api.Configuration;
using Compressor.Api.Pipeline;
using Compressor.Compression.Methods.Extract;
using Compressor.Compression.Methods.Summarize;
using Compressor.Compression.Methods.Truncate;
using Compressor.Engine.Eviction;
using Compressor.Engine.Generation;
using Compressor.Engine.Latent;
using Compressor.Engine.Models;
using Compressor.Engine.Options;
using Compressor.Engine.Tokenization;
using Compressor.Storage;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Compressor.Api.Hosting;

/// <summary>Everything the service is made of, wired in one place (the only composition root).</summary>
public static class ServiceRegistration
{
    public static IServiceCollection AddCompressor(this IServiceCollection services, IConfiguration configuration)
    {
        AddValidatedOptions<EngineOptions>(services, configuration, EngineOptions.Section, o => o.Validate());
        AddValidatedOptions<ModelsOptions>(services, configuration, ModelsOptions.Section, o => o.Validate());
        AddValidatedOptions<ApiOptions>(services, configuration, ApiOptions.Section, o => o.Validate());

        services.AddSingleton(sp => sp.GetRequiredService<IOptions<EngineOptions>>().Value);
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<ModelsOptions>>().Value);
        services.AddSingleton<NativeRuntime>();
        services.AddSingleton<ModelRegistry>();
        services.AddSingleton<TokenizerService>();
        services.AddSingleton<TextGenerationService>();
        services.AddSingleton(sp => new MethodCatalog()
            .Add(new TruncateCompressor(), typeof(TruncateOptions))
            .Add(new ExtractCompressor(), typeof(ExtractOptions))
            .Add(new SummarizeCompressor(), typeof(SummarizeOptions))
            .Add(sp.GetRequiredService<LatentCompressor>(), typeof(LatentCompressionOptions))
            .Add(sp.GetRequiredService<AttentionCompressor>(), typeof(AttentionOptions)));

        // Feature registrations (one line each).
        services.AddConstrainedGeneration(configuration);
        services.AddEviction(configuration);
        services.AddLatent(configuration);
        services.AddSingleton<CompressionService>();

        AddStorage(services, configuration);
        services.AddSingleton<RecordWriter>();
        services.AddHostedService(sp => sp.GetRequiredService<RecordWriter>());
        services.AddHostedService<MigrationService>();
        services.AddHostedService<MaintenanceService>();
        return services;
    }

    private static void AddStorage(IServiceCollection services, IConfiguration configuration)
    {
        var connectionString = configuration.GetConnectionString("Compressor");
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            // No database: compression works uncached; records and history answer 503.
            services.AddSingleton(new DatabaseState(null));
            services.AddSingleton(StorageServices.None);
            return;
        }

        try
        {
            _ = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException e)
        {
            throw new OptionsValidationException("ConnectionStrings:Compressor", typeof(string),
                [$"ConnectionStrings:Compressor is not a valid PostgreSQL connection string: {e.Message}"]);
        }

        services.AddSingleton(sp => CompressorDataSource.Create(new StorageOptions
        {
            ConnectionString = connectionString,
            CommandTimeoutSeconds = 15,
        }, sp.GetRequiredService<ILoggerFactory>()));
        services.AddSingleton(sp =>
        {
            var source = sp.GetRequiredService<NpgsqlDataSource>();
            return new StorageServices(
                new NpgsqlCompressionStore(source, sp.GetRequiredService<ILogger<NpgsqlCompressionStore>>()),
                new NpgsqlResultCache(source, sp.GetRequiredService<ILogger<NpgsqlResultCache>>()),
                new NpgsqlBlobStore(source, sp.GetRequiredService<ILogger<NpgsqlBlobStore>>()),
                new DatabaseMigrator(source, sp.GetRequiredService<ILogger<DatabaseMigrator>>()));
        });
        services.AddSingleton(sp => new DatabaseState(new NpgsqlDatabaseHealth(sp.GetRequiredService<NpgsqlDataSource>(), sp.GetRequiredService<ILogger<NpgsqlDatabaseHealth>>())));
    }

    private static void AddValidatedOptions<T>(IServiceCollection services, IConfiguration configuration, string section, Func<T, IEnumerable<string>> validate)
        where T : class
    {
        services.AddOptions<T>().Bind(configuration.GetSection(section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<T>>(new OptionsValidator<T>(validate));
    }
}
