using System.Text.Json;
using Compressor.Api.Contracts;
using Compressor.Api.Hosting;
using Compressor.Compression.Errors;
using Compressor.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Compressor.Api.Endpoints;

/// <summary>GET/DELETE /v1/compressions: the stored records, for the web UI and for audit.</summary>
public static class CompressionRecordEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/compressions").WithTags("Compressions");
        group.MapGet("/", List).WithName("ListCompressions");
        group.MapGet("/{id:guid}", Get).WithName("GetCompression");
        group.MapDelete("/{id:guid}", Delete).WithName("DeleteCompression");
    }

    public static async Task<Ok<CompressionListResponse>> List(StorageServices storage, DatabaseState database, int? limit, int? offset, string? method,
        string? model, string? q, CancellationToken cancellationToken)
    {
        var take = limit ?? 20;
        var skip = offset ?? 0;
        if (take is < 1 or > 200)
        {
            throw CompressorException.BadRequest("limit_out_of_range", $"limit must be between 1 and 200, got {take}", "limit");
        }

        if (skip < 0)
        {
            throw CompressorException.BadRequest("offset_out_of_range", $"offset must be >= 0, got {skip}", "offset");
        }

        var page = await Guard(storage.Records, database, s => s.ListAsync(new CompressionQuery(take, skip, method, model, q), cancellationToken));
        return TypedResults.Ok(new CompressionListResponse(page.Items, page.Total, take, skip));
    }

    public static async Task<Results<Ok<CompressionRecordDto>, NotFound<object>>> Get(Guid id, StorageServices storage, DatabaseState database,
        RecordWriter writer, CancellationToken cancellationToken)
    {
        if (writer.TryGetPending(id) is { } pending)
        {
            return TypedResults.Ok(ToDto(pending, isPending: true));
        }

        var record = await Guard(storage.Records, database, s => s.GetAsync(id, cancellationToken));
        return record is null
            ? throw CompressorException.NotFound("compression_not_found", $"no compression record {id}", "id")
            : TypedResults.Ok(ToDto(record, isPending: false));
    }

    public static async Task<NoContent> Delete(Guid id, StorageServices storage, DatabaseState database, RecordWriter writer, CancellationToken cancellationToken)
    {
        var forgotten = writer.Forget(id);
        var deleted = await Guard(storage.Records, database, s => s.DeleteAsync(id, cancellationToken));
        return deleted || forgotten
            ? TypedResults.NoContent()
            : throw CompressorException.NotFound("compression_not_found", $"no compression record {id}", "id");
    }

    private static async Task<T> Guard<T>(ICompressionStore? store, DatabaseState database, Func<ICompressionStore, Task<T>> action)
    {
        if (store is null)
        {
            throw CompressorException.Unavailable("database_not_configured", "records need a database: set ConnectionStrings__Compressor", 60);
        }

        try
        {
            var result = await action(store);
            database.ReportSuccess();
            return result;
        }
        catch (StorageUnavailableException e)
        {
            database.ReportFailure();
            throw CompressorException.Unavailable("database_unavailable", $"the database is unavailable: {e.Message}", 5);
        }
    }

    private static CompressionRecordDto ToDto(CompressionRecord r, bool isPending) => new(
        r.Id, r.CreatedAt, r.Method, r.Model, r.ModelFingerprint, r.Tokenizer, r.Question, Parse(r.OptionsJson), r.InputText, r.OutputText,
        r.OriginalTokens, r.CompressedTokens, r.Ratio, r.BudgetMet, r.Cached, Parse(r.TimingsJson),
        r.DetailsJson is null ? null : Parse(r.DetailsJson), isPending);

    private static JsonElement Parse(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return doc.RootElement.Clone();
    }
}
