using Compressor.Api.Contracts;
using Compressor.Engine.Models;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Compressor.Api.Endpoints;

/// <summary>GET /v1/models: the registry with GGUF metadata and load state.</summary>
public static class ModelEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGroup("/v1/models").WithTags("Models").MapGet("/", List).WithName("ListModels");
    }

    public static Ok<ModelListResponse> List(ModelRegistry registry) =>
        TypedResults.Ok(new ModelListResponse([.. registry.List().Select(m => ToDto(m, registry))], registry.DefaultId, registry.Directory));

    public static ModelDto ToDto(ModelDescriptor m, ModelRegistry registry) => new(
        m.Id, Path.GetFileName(m.Path), m.FileSize, registry.IsLoaded(m.Id), m.Id == registry.DefaultId,
        m.Info?.Architecture, m.Info?.Name, m.Info?.ParameterCount, m.Info?.ContextLength, m.Info?.EmbeddingLength, m.Info?.LayerCount,
        m.Info?.HeadCount, m.Info?.VocabSize, m.Info?.TokenizerModel, m.Info?.FileType, m.Info?.HasChatTemplate, m.Info?.IsVocabOnly,
        registry.KnownFingerprint(m), m.Error)
    {
        Created = CreatedSeconds(m.Path),
    };

    private static long CreatedSeconds(string path)
    {
        var written = File.GetLastWriteTimeUtc(path);

        // A missing file reports 1601-01-01; OpenAI clients expect a non-negative Unix time.
        return Math.Max(0, new DateTimeOffset(written, TimeSpan.Zero).ToUnixTimeSeconds());
    }
}
