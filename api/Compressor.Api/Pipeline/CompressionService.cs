using System.Diagnostics;
using System.Text.Json;
using Compressor.Api.Configuration;
using Compressor.Api.Contracts;
using Compressor.Api.Hosting;
using Compressor.Compression.Errors;
using Compressor.Compression.Pipeline;
using Compressor.Engine.Chat;
using Compressor.Engine.Embeddings;
using Compressor.Engine.Generation;
using Compressor.Engine.Models;
using Compressor.Engine.Tokenization;
using Compressor.Storage;
using Microsoft.Extensions.Options;

namespace Compressor.Api.Pipeline;

/// <summary>
/// The compress pipeline: validate, look up the result cache, run the method (identical concurrent
/// requests compute once), store the result and a record. The database is optional at every step:
/// when it is missing or down, compression still answers, with <c>cached: false</c>.
/// </summary>
public sealed partial class CompressionService(
    MethodCatalog methods,
    ModelRegistry registry,
    TokenizerService tokenizers,
    TextGenerationService generator,
    StorageServices storage,
    DatabaseState database,
    RecordWriter records,
    IOptions<ApiOptions> options,
    ILogger<CompressionService> logger)
{
    private readonly IResultCache? cache = storage.Cache;
    private readonly SingleFlight<CompressResponse> flights = new();

    /// <summary>Methods whose every call has an effect (latent stores a new set under a new id): never cached or shared.</summary>
    private static readonly HashSet<string> Uncached = new(StringComparer.Ordinal) { "latent" };

    /// <summary>Computations in progress (identical requests share one).</summary>
    public int InFlight => flights.InFlight;

    public async Task<CompressResponse> CompressAsync(CompressRequest request, IProgress<CompressionProgress>? progress, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var compressor = methods.Get(request.Method);
        var domain = ToDomain(request, compressor.Method);
        var model = compressor.RequiresModel ? registry.Find(request.Model) : null;
        var tokenizerName = tokenizers.ResolveName(request.Tokenizer, request.Model);
        var key = CacheKey.Compute(new
        {
            domain.Method,
            domain.Text,
            domain.Messages,
            domain.Question,
            domain.Target,
            domain.Keep,
            domain.Seed,
            domain.ProtectSystemAndLastUser,
            Options = request.Options?.GetRawText(),
            Tokenizer = await tokenizers.FingerprintAsync(tokenizerName, cancellationToken, request.Tokenizer is null ? request.Model : null),
            Model = model is null ? null : await registry.GetFingerprintAsync(model, cancellationToken),
        });

        var cacheable = !Uncached.Contains(compressor.Method);
        if (cacheable && await TryCacheAsync(key, cancellationToken) is { } hit)
        {
            var cached = hit with { Id = Guid.CreateVersion7(), Cached = true, Timings = new Dictionary<string, double> { ["total"] = clock.Elapsed.TotalMilliseconds } };
            Record(request, domain, cached);
            return cached;
        }

        // Identical concurrent requests share one computation; each still gets its own record.
        var computed = cacheable
            ? await flights.RunAsync(key, ct => RunAsync(compressor, domain, request, model?.Id, tokenizerName, key, progress, ct), cancellationToken)
            : await RunAsync(compressor, domain, request, model?.Id, tokenizerName, null, progress, cancellationToken);
        var response = computed with { Id = Guid.CreateVersion7() };
        Record(request, domain, response);
        return response;
    }

    private async Task<CompressResponse> RunAsync(IPromptCompressor compressor, CompressionRequest domain, CompressRequest request, string? modelId,
        string tokenizerName, string? key, IProgress<CompressionProgress>? progress, CancellationToken cancellationToken)
    {
        var tokenizer = tokenizers.Resolve(request.Tokenizer, request.Model);
        var environment = new CompressionEnvironment
        {
            Tokenizer = tokenizer,
            Summarizer = compressor.RequiresModel ? new LlamaChatClient(generator, modelId) : null,
            Embeddings = compressor.RequiresModel ? new LlamaEmbeddingGenerator(registry, modelId) : null,
            Progress = progress,
        };
        var result = await Task.Run(() => compressor.CompressAsync(domain, environment, cancellationToken), cancellationToken);
        var fingerprint = modelId is null ? null : await registry.GetFingerprintAsync(registry.Find(modelId), cancellationToken);
        var response = new CompressResponse
        {
            Id = Guid.Empty,
            Method = compressor.Method,
            Text = result.Text,
            Messages = result.Messages?.Select(m => new ChatMessageDto(m.Role, m.Content)).ToList(),
            OriginalTokens = result.OriginalTokens,
            CompressedTokens = result.CompressedTokens,
            Ratio = Math.Round(result.Ratio, 6),
            BudgetMet = result.BudgetMet,
            Cached = false,
            Model = modelId,
            ModelFingerprint = fingerprint,
            Tokenizer = tokenizerName,
            Timings = result.TimingsMs,
            Details = result.Details,
        };
        if (key is not null)
        {
            await StoreCacheAsync(key, response);
        }

        return response;
    }

    private CompressionRequest ToDomain(CompressRequest request, string method)
    {
        var limits = options.Value;
        if (request.Text is null == request.Messages is null)
        {
            throw CompressorException.BadRequest("text_or_messages", "give exactly one of text or messages", request.Text is null ? "text" : "messages");
        }

        var size = request.Text?.Length ?? request.Messages!.Sum(m => m?.Content?.Length ?? 0);
        if (size > limits.MaxTextChars)
        {
            throw new CompressorException(ErrorKind.TooLarge, "text_too_large", $"the input has {size} characters; the limit is {limits.MaxTextChars} (Compressor:Api:MaxTextChars)",
                request.Text is null ? "messages" : "text");
        }

        if (request.Messages is { } messages)
        {
            for (var i = 0; i < messages.Count; i++)
            {
                if (messages[i] is null || string.IsNullOrWhiteSpace(messages[i].Role) || messages[i].Content is null)
                {
                    throw CompressorException.BadRequest("message_invalid", "each message needs a role and content", $"messages[{i}]");
                }
            }
        }

        var target = request.Target is null
            ? throw CompressorException.BadRequest("target_missing", "target is required: {\"ratio\": 0.25} or {\"tokens\": 500}", "target")
            : new CompressionTarget(request.Target.Ratio, request.Target.Tokens);
        target.Validate();
        var keep = request.Keep ?? [];
        if (keep.Count > 256 || keep.Any(k => string.IsNullOrWhiteSpace(k) || k.Length > 200))
        {
            throw CompressorException.BadRequest("keep_invalid", "keep holds at most 256 non-empty strings of at most 200 characters", "keep");
        }

        if (request.Question is { Length: > 10_000 })
        {
            throw CompressorException.BadRequest("question_too_long", "question is limited to 10000 characters", "question");
        }

        return new CompressionRequest
        {
            Text = request.Text,
            Messages = request.Messages?.Select(m => new ChatTurn(m.Role, m.Content)).ToList(),
            Question = request.Question,
            Method = method,
            Target = target,
            Keep = keep,
            Seed = request.Seed ?? 0,
            ProtectSystemAndLastUser = request.ProtectSystemAndLastUser ?? true,
            Options = methods.ParseOptions(method, request.Options),
        };
    }

    private async Task<CompressResponse?> TryCacheAsync(string key, CancellationToken cancellationToken)
    {
        if (cache is null || !database.Usable)
        {
            return null;
        }

        try
        {
            var hit = await cache.TryGetAsync(key, cancellationToken);
            return hit is null ? null : JsonSerializer.Deserialize<CompressResponse>(hit.PayloadJson, ApiJson.Options);
        }
        catch (StorageUnavailableException e)
        {
            database.ReportFailure();
            LogCacheUnavailable(logger, e.Message);
            return null;
        }
    }

    private async Task StoreCacheAsync(string key, CompressResponse response)
    {
        if (cache is null || !database.Usable)
        {
            return;
        }

        try
        {
            await cache.SetAsync(key, response.Method, JsonSerializer.Serialize(response, ApiJson.Options));
        }
        catch (StorageUnavailableException e)
        {
            database.ReportFailure();
            LogCacheUnavailable(logger, e.Message);
        }
    }

    private void Record(CompressRequest request, CompressionRequest domain, CompressResponse response) =>
        records.Enqueue(new CompressionRecord
        {
            Id = response.Id,
            CreatedAt = DateTimeOffset.UtcNow,
            Method = response.Method,
            Model = response.Model,
            ModelFingerprint = response.ModelFingerprint,
            Tokenizer = response.Tokenizer,
            Question = domain.Question,
            OptionsJson = JsonSerializer.Serialize(new { Target = request.Target, domain.Keep, domain.Seed, domain.ProtectSystemAndLastUser, request.Options }, ApiJson.Options),
            InputText = domain.Text ?? JsonSerializer.Serialize(request.Messages, ApiJson.Options),
            OutputText = response.Messages is null ? response.Text : JsonSerializer.Serialize(response.Messages, ApiJson.Options),
            OriginalTokens = response.OriginalTokens,
            CompressedTokens = response.CompressedTokens,
            Ratio = response.Ratio,
            BudgetMet = response.BudgetMet,
            Cached = response.Cached,
            TimingsJson = JsonSerializer.Serialize(response.Timings, ApiJson.Options),
            DetailsJson = response.Details is null ? null : JsonSerializer.Serialize(response.Details, ApiJson.Options),
        });

    [LoggerMessage(EventId = 5001, Level = LogLevel.Warning, Message = "Result cache unavailable; serving uncached ({Reason})")]
    private static partial void LogCacheUnavailable(ILogger logger, string reason);
}
