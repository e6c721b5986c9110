namespace Compressor.Api.Contracts;

/// <summary>GET /v1/models. <c>object</c>/<c>data</c> follow OpenAI's list shape; each entry keeps the richer metadata.</summary>
public sealed record ModelListResponse(IReadOnlyList<ModelDto> Data, string? Default, string Directory)
{
    public string Object => "list";
}
