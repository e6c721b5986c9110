using Compressor.Api.Hosting;
using Compressor.Engine.Models;
using Compressor.Engine.Tokenization;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Compressor.Api.Endpoints;

/// <summary>Liveness and readiness. A missing database makes the service "degraded", not "down".</summary>
public static class HealthEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/health").WithTags("Health");
        group.MapGet("/live", Live).WithName("Live");
        group.MapGet("/ready", Ready).WithName("Ready");
    }

    public static Ok<object> Live() => TypedResults.Ok<object>(new { Status = "live" });

    public static async Task<Results<Ok<ReadinessReport>, JsonHttpResult<ReadinessReport>>> Ready(
        DatabaseState database, ModelRegistry registry, NativeRuntime runtime, TokenizerService tokenizers, CancellationToken cancellationToken)
    {
        var db = await database.CheckAsync(cancellationToken);
        var models = registry.List();
        var defaultPresent = registry.DefaultId is { } id && models.Any(m => m.Id == id && m.IsUsable);
        var nativePresent = Directory.Exists(runtime.Directory);
        var modelsReport = new ReadinessModels(registry.Directory, models.Count, registry.DefaultId, defaultPresent, runtime.Directory, nativePresent,
            runtime.Info?.ToString(), tokenizers.BundledNames.Count > 0);
        var status = !nativePresent ? "down" : db.Status != "ok" || !defaultPresent ? "degraded" : "ready";
        var report = new ReadinessReport(status, db, modelsReport);
        return status == "down"
            ? TypedResults.Json(report, statusCode: StatusCodes.Status503ServiceUnavailable)
            : TypedResults.Ok(report);
    }
}
