using Compressor.Constraints;
using Compressor.Engine.Constrained;

namespace Compressor.Api.Hosting;

/// <summary>Constrained generation: one shared constraint compiler (its LRU caches compiled schemas and grammars) and the service.</summary>
public static class ConstrainedRegistration
{
    public static IServiceCollection AddConstrainedGeneration(this IServiceCollection services, IConfiguration configuration)
    {
        _ = configuration;
        services.AddSingleton(new ConstraintCompiler(capacity: 512));
        services.AddSingleton<ConstrainedGenerationService>();
        return services;
    }
}
