using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Compressor.Api.Contracts;
using Compressor.Api.Errors;
using Compressor.Api.Pipeline;
using Compressor.Compression.Pipeline;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Compressor.Api.Endpoints;

/// <summary>POST /v1/compress: one of the compression methods, whole or with progress as Server-Sent Events.</summary>
public static class CompressEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGroup("/v1/compress").WithTags("Compress").MapPost("/", Compress).WithName("Compress");
    }

    public static async Task<Results<Ok<CompressResponse>, ServerSentEventsResult<object>>> Compress(
        CompressRequest request, CompressionService service, CancellationToken cancellationToken)
    {
        if (!request.Stream)
        {
            return TypedResults.Ok(await service.CompressAsync(request, null, cancellationToken));
        }

        return TypedResults.ServerSentEvents(Stream(request, service, cancellationToken));
    }

    private static async IAsyncEnumerable<SseItem<object>> Stream(CompressRequest request, CompressionService service,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var channel = Channel.CreateUnbounded<SseItem<object>>();
        _ = Task.Run(async () =>
        {
            try
            {
                channel.Writer.TryWrite(new SseItem<object>(new CompressionProgress("accepted", 0), "progress"));
                var response = await service.CompressAsync(request, new SynchronousProgress(channel), cancellationToken);
                channel.Writer.TryWrite(new SseItem<object>(response, "done"));
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                channel.Writer.TryWrite(new SseItem<object>(ProblemMapper.Map(e), "error"));
            }
            finally
            {
                channel.Writer.TryComplete();
            }
        }, CancellationToken.None);

        await foreach (var item in channel.Reader.ReadAllAsync(cancellationToken))
        {
            yield return item;
        }
    }

    /// <summary>Progress written straight to the stream (Progress&lt;T&gt; would post reports out of order).</summary>
    private sealed class SynchronousProgress(Channel<SseItem<object>> channel) : IProgress<CompressionProgress>
    {
        public void Report(CompressionProgress value) => channel.Writer.TryWrite(new SseItem<object>(value, "progress"));
    }
}
