using System.Diagnostics;
using System.Text;
using Compressor.Compression.Errors;
using Compressor.Engine.Models;
using Compressor.Engine.Scheduling;
using Compressor.Native;

namespace Compressor.Engine.Latent;

/// <summary>
/// The latent codec as the service sees it: text -> latents with the adapter's encoder, latents
/// (+ instruction) -> text with its decoder. Contexts are rented from each model's bounded pool
/// (full queue = 503); the encoder's is switched to hidden-state output for the call.
/// </summary>
public sealed class LatentService(ModelRegistry models, LatentAdapterRegistry adapters, LatentOptions options)
{
    public LatentAdapterRegistry Adapters => adapters;

    public async Task<LatentSet> EncodeAsync(string text, LatentEncodeOptions? request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(text);
        request ??= new LatentEncodeOptions();
        var loaded = adapters.Get(request.Adapter);
        var adapter = loaded.Adapter;
        var blockSize = request.BlockSize ?? adapter.BlockSize;
        if (blockSize < 1 || blockSize > adapter.BlockSize)
        {
            throw CompressorException.BadRequest("block_size_out_of_range",
                $"options.blockSize must be 1 to {adapter.BlockSize} (adapter '{loaded.Id}' was trained on blocks of at most that many tokens), got {blockSize}", "options.blockSize");
        }

        using var handle = await models.AcquireAsync(adapter.EncoderModel.Name, cancellationToken).ConfigureAwait(false);
        CheckModel(loaded, handle.Loaded, "encoder", adapter.EncoderModel, adapter.EncoderHiddenSize);
        CheckMarker(loaded, handle.Loaded, "encoder", adapter.EncoderLatentStart, adapter.EncoderLatentStartText);
        var blocks = TextBlockSplitter.Split(handle.Loaded.Model.Vocab, text, blockSize);
        if (blocks.Count == 0)
        {
            return new LatentSet(loaded.Id, loaded.Fingerprint, adapter.DecoderHiddenSize, []);
        }

        using var lease = await handle.RentAsync(ContextProfile.Generation, cancellationToken).ConfigureAwait(false);
        var vectors = await Task.Run(() =>
        {
            lease.Context.SetEmbeddings(true);
            try
            {
                return LatentEncoder.Encode(lease.Context, adapter, [.. blocks.Select(b => b.Tokens)], cancellationToken);
            }
            finally
            {
                lease.Context.SetEmbeddings(false);
            }
        }, cancellationToken).ConfigureAwait(false);
        return new LatentSet(loaded.Id, loaded.Fingerprint, adapter.DecoderHiddenSize,
            [.. blocks.Select((b, i) => new LatentBlock(b.Start, b.End, b.Tokens.Length, vectors[i]))]);
    }

    public async Task<LatentGeneration> GenerateFromLatentsAsync(LatentSet latents, LatentGenerationOptions? request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(latents);
        request ??= new LatentGenerationOptions();
        var loaded = adapters.Get(request.Adapter ?? latents.Adapter);
        var adapter = loaded.Adapter;
        CheckLatents(latents, loaded);
        var clock = Stopwatch.StartNew();
        using var handle = await models.AcquireAsync(adapter.DecoderModel.Name, cancellationToken).ConfigureAwait(false);
        var decoder = handle.Loaded;
        CheckModel(loaded, decoder, "decoder", adapter.DecoderModel, adapter.DecoderHiddenSize);
        CheckMarker(loaded, decoder, "decoder", adapter.Decoder.LatentStart, adapter.Decoder.LatentStartText);
        CheckMarker(loaded, decoder, "decoder", adapter.Decoder.LatentEnd, adapter.Decoder.LatentEndText);

        var vocab = decoder.Model.Vocab;
        var groups = request.PerBlock ? latents.Blocks.Select(b => new[] { b.Vectors }).ToList() : [[.. latents.Blocks.Select(b => b.Vectors)]];
        var prompts = groups.Select(g => LatentPrompt.Build(vocab, adapter.Decoder, g, adapter.DecoderHiddenSize, request.Instruction)).ToList();
        var perPromptTokens = request.PerBlock ? latents.Blocks.Max(b => b.TextTokens) : latents.TextTokens;
        var maxTokens = Math.Min(options.MaxGeneratedTokens, request.MaxTokens ?? (int)Math.Ceiling(perPromptTokens * 1.5) + 16);
        var settings = new LatentDecodeSettings { MaxTokens = maxTokens, Sampling = request.Sampling, NoRepeatNgramSize = request.NoRepeatNgramSize };

        using var lease = await handle.RentAsync(ContextProfile.Generation, cancellationToken).ConfigureAwait(false);
        var results = await Task.Run(() => LatentDecoder.Generate(lease.Context, prompts, settings, cancellationToken), cancellationToken).ConfigureAwait(false);
        var reason = results.Select(r => r.FinishReason).FirstOrDefault(r => r != Generation.FinishReason.Stop) ?? Generation.FinishReason.Stop;
        return new LatentGeneration(
            string.Concat(results.Select(r => r.Text)),
            [.. results.Select(r => r.Text)],
            reason,
            decoder.Id,
            decoder.Fingerprint,
            prompts.Sum(p => p.Length),
            prompts.Sum(p => p.EmbeddingPositions),
            results.Sum(r => r.Tokens.Count),
            clock.Elapsed.TotalMilliseconds);
    }

    private static void CheckLatents(LatentSet latents, LoadedAdapter loaded)
    {
        if (latents.Adapter != loaded.Id && latents.Adapter != loaded.Adapter.Name)
        {
            throw LatentErrors.LatentsFromOtherAdapter(latents.Adapter, loaded.Id);
        }

        if (latents.AdapterFingerprint.Length > 0 && latents.AdapterFingerprint != loaded.Fingerprint)
        {
            throw LatentErrors.LatentsAdapterChanged(loaded.Id);
        }

        if (latents.HiddenSize != loaded.Adapter.DecoderHiddenSize)
        {
            throw LatentErrors.LatentsHiddenSize(loaded.Id, loaded.Adapter.DecoderHiddenSize, latents.HiddenSize);
        }

        if (latents.Blocks.Count == 0)
        {
            throw LatentErrors.LatentsInvalid("there are no latent blocks to decode");
        }

        for (var i = 0; i < latents.Blocks.Count; i++)
        {
            var v = latents.Blocks[i].Vectors;
            if (v.Length == 0 || v.Length % latents.HiddenSize != 0)
            {
                throw LatentErrors.LatentsInvalid($"block {i} holds {v.Length} values, not whole vectors of {latents.HiddenSize}");
            }

            if (v.Any(x => !float.IsFinite(x)))
            {
                throw LatentErrors.LatentsInvalid($"block {i} holds values that are not finite numbers");
            }
        }
    }

    private static void CheckModel(LoadedAdapter loaded, LoadedModel model, string role, LatentModelReference expected, int hiddenSize)
    {
        if (expected.Fingerprint.Length > 0 && !string.Equals(expected.Fingerprint, model.Fingerprint, StringComparison.OrdinalIgnoreCase))
        {
            throw LatentErrors.ModelMismatch(loaded.Id, role, model.Id, expected.Fingerprint, model.Fingerprint);
        }

        if (model.Model.EmbeddingSize != hiddenSize)
        {
            throw LatentErrors.HiddenSizeMismatch(loaded.Id, role, model.Id, hiddenSize, model.Model.EmbeddingSize);
        }
    }

    private static void CheckMarker(LoadedAdapter loaded, LoadedModel model, string role, int token, string text)
    {
        if (token < 0)
        {
            return;
        }

        var vocab = model.Model.Vocab;
        if (token >= vocab.TokenCount)
        {
            throw LatentErrors.MarkerMismatch(loaded.Id, role, model.Id, token, text, $"out of range (the vocabulary has {vocab.TokenCount} tokens; pad it when converting)");
        }

        if (text.Length > 0)
        {
            var actual = Encoding.UTF8.GetString(vocab.TokenToBytes(token, renderSpecial: true));
            if (actual != text)
            {
                throw LatentErrors.MarkerMismatch(loaded.Id, role, model.Id, token, text, actual);
            }
        }
    }
}
