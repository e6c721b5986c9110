using System.Diagnostics;
using Compressor.Compression.Errors;
using Compressor.Compression.Pipeline;

namespace Compressor.Engine.Latent;

/// <summary>
/// Method "latent" (C3, arXiv 2511.15244): the text becomes latent vectors stored under an id; the
/// compressed text is empty (the content is the latents, decoded with /v1/generate). Token counts
/// are the encoder tokenizer's text tokens and the latent vectors (decoder positions) they became.
/// </summary>
public sealed class LatentCompressor(LatentService service, ILatentStore store) : IPromptCompressor
{
    public string Method => "latent";

    public bool RequiresModel => true;

    public async Task<CompressionResult> CompressAsync(CompressionRequest request, CompressionEnvironment environment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Messages is not null)
        {
            throw LatentErrors.MessagesNotSupported();
        }

        var options = request.Options switch
        {
            null => new LatentCompressionOptions(),
            LatentCompressionOptions o => o,
            _ => throw CompressorException.BadRequest("options_invalid", "options do not belong to method 'latent'", "options"),
        };
        request.Target.Validate();
        var total = Stopwatch.StartNew();
        var adapter = service.Adapters.Get(options.Adapter);
        var blockSize = options.BlockSize ?? BlockSizeFor(request.Target, adapter.Adapter);

        var set = await service.EncodeAsync(request.Text ?? "", new LatentEncodeOptions { Adapter = adapter.Id, BlockSize = blockSize }, cancellationToken)
            .ConfigureAwait(false);
        var encodeMs = total.Elapsed.TotalMilliseconds;
        var id = await store.PutAsync(set, cancellationToken).ConfigureAwait(false);
        var details = new LatentDetails(
            id,
            set.Adapter,
            set.LatentCount,
            set.HiddenSize,
            set.Ratio,
            [.. set.Blocks.Select(b => new LatentBlockDetail(b.Start, b.End, b.TextTokens, b.LatentCount(set.HiddenSize)))],
            options.IncludeVectors ? LatentVectors.ToBase64(set.AllVectors()) : null);
        return new CompressionResult
        {
            Text = "",
            OriginalTokens = set.TextTokens,
            CompressedTokens = set.LatentCount,
            BudgetMet = set.LatentCount <= request.Target.BudgetFor(set.TextTokens),
            TimingsMs = new Dictionary<string, double>
            {
                ["encode"] = encodeMs,
                ["store"] = total.Elapsed.TotalMilliseconds - encodeMs,
                ["total"] = total.Elapsed.TotalMilliseconds,
            },
            Details = details,
        };
    }

    /// <summary>Blocks of L / ratio tokens reach the target ratio; never larger than the adapter was trained on.</summary>
    public static int BlockSizeFor(CompressionTarget target, LatentAdapter adapter) =>
        target.Ratio is double r ? Math.Clamp((int)Math.Floor(adapter.QueryCount / r), 1, adapter.BlockSize) : adapter.BlockSize;
}
