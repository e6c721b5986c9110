using System.Diagnostics;
using Compressor.Compression.Errors;
using Compressor.Compression.Pipeline;
using Compressor.Engine.Chat;
using Compressor.Engine.Errors;
using Compressor.Engine.Models;
using Compressor.Engine.Scheduling;
using Compressor.Native;
using Microsoft.Extensions.AI;

namespace Compressor.Engine.Eviction;

/// <summary>
/// Method "attention": token-level extractive compression from KV-eviction scores (docs/algorithms.md
/// section 3). The text is read through a bounded cache with the question as the observation window
/// (SnapKV, arXiv 2404.14469) or another policy; tokens the policy kept rank first, then by their
/// last score; the output is the most ranked tokens whose text, in original order, fits the budget
/// counted with the request's tokenizer. The model is the one the host resolved for the request.
/// </summary>
public sealed class AttentionCompressor(ModelRegistry registry, EvictionOptions options, IFrequencyCalibrationStore? calibrations = null)
    : IPromptCompressor
{
    private const int Sequence = 0;

    public string Method => "attention";

    public bool RequiresModel => true;

    public async Task<CompressionResult> CompressAsync(CompressionRequest request, CompressionEnvironment environment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(environment);
        if (request.Messages is not null)
        {
            throw CompressorException.BadRequest("messages_unsupported",
                "method 'attention' compresses one text: send text (and question) instead of messages", "messages");
        }

        var settings = request.Options switch
        {
            null => new AttentionOptions(),
            AttentionOptions o => o,
            _ => throw CompressorException.BadRequest("options_invalid", "options do not belong to method 'attention'", "options"),
        };
        if (!EvictionPolicies.TryParse(settings.Policy, out var policy))
        {
            throw CompressorException.BadRequest("eviction_policy_unknown",
                $"unknown eviction policy '{settings.Policy}'; use one of {string.Join(", ", EvictionPolicies.Names)}", "options.policy");
        }

        request.Target.Validate();
        var total = Stopwatch.StartNew();
        var text = request.Text ?? "";
        var original = environment.Tokenizer.Count(text);
        var budget = request.Target.BudgetFor(original);
        if (original <= budget)
        {
            // Already within budget: unchanged, without loading a model.
            return Result(text, original, original, budget, total, null);
        }

        var modelId = environment.Summarizer?.GetService<LlamaChatClient>()?.ModelId;
        environment.Progress?.Report(new CompressionProgress("read", 0));
        using var handle = await registry.AcquireAsync(modelId, cancellationToken).ConfigureAwait(false);
        var loaded = handle.Loaded;
        var parts = PromptParts.Build(loaded.Model, text, request.Question, rawPrompt: null);
        var profile = EvictionPolicies.NeedsCapture(policy) ? ContextProfile.Scoring : ContextProfile.Generation;
        using var lease = await handle.RentAsync(profile, cancellationToken).ConfigureAwait(false);
        var plan = Plan(policy, settings, request.Seed, parts, budget, original, lease.Context.ContextSize);
        var (read, readMs) = await Task.Run(() => Read(lease.Context, loaded.Fingerprint, plan, parts, cancellationToken), cancellationToken)
            .ConfigureAwait(false);

        environment.Progress?.Report(new CompressionProgress("select", 0.9));
        var selectClock = Stopwatch.StartNew();
        var vocab = loaded.Model.Vocab;
        var spans = TokenOffsets.Compute([.. parts.Document.Select(t => vocab.TokenToBytes(t))], text);
        var head = parts.Prefix.Length;
        var kept = new bool[parts.Document.Length];
        var scores = new float[parts.Document.Length];
        for (var i = 0; i < kept.Length; i++)
        {
            kept[i] = read.EvictedInRound[head + i] == int.MaxValue;
            scores[i] = read.LastScore[head + i];
        }

        var choice = AttentionSelection.Fit(text, spans, AttentionSelection.Rank(kept, scores), budget, environment.Tokenizer.Count);
        var details = new AttentionDetails(
            EvictionPolicies.Name(policy),
            [.. spans.Select((s, i) => new AttentionTokenDetail(s.Start, s.End, float.IsFinite(scores[i]) ? scores[i] : 0, choice.Selected[i]))],
            choice.Count,
            budget);
        var timings = new Dictionary<string, double> { ["read"] = readMs, ["scoring"] = read.ScoringMs, ["select"] = selectClock.Elapsed.TotalMilliseconds };
        return Result(choice.Text, original, choice.Tokens, budget, total, details, timings);
    }

    private EvictionPlan Plan(EvictionPolicy policy, AttentionOptions settings, int seed, PromptParts parts, int budget, int original, int contextSize)
    {
        var chunk = settings.ChunkTokens ?? options.ChunkTokens;
        if (chunk is < 16 or > 16384)
        {
            throw CompressorException.BadRequest("eviction_invalid", $"options.chunk_tokens must be 16 to 16384, got {chunk}", "options.chunk_tokens");
        }

        var window = settings.Window ?? Math.Min(options.Window, chunk);
        if (window < 1 || window > chunk)
        {
            throw CompressorException.BadRequest("eviction_invalid", $"options.window must be 1 to the chunk size ({chunk}), got {window}", "options.window");
        }

        var document = parts.Document.Length;
        if (document > options.MaxContextTokens)
        {
            throw new CompressorException(ErrorKind.TooLarge, "context_too_large",
                $"the text is {document} model tokens; method 'attention' reads at most {options.MaxContextTokens} (Compressor:Eviction:MaxContextTokens)", "text");
        }

        var queryAware = policy == EvictionPolicy.SnapKv && parts.Suffix.Length > 0;
        var tail = policy switch
        {
            EvictionPolicy.SnapKv => queryAware ? 0 : window,
            EvictionPolicy.H2O or EvictionPolicy.Frequency => window,
            _ => 0,
        };

        // Cells for the document: the budget in model tokens (scaled by the two tokenizers' counts),
        // at most what the context holds beside one chunk and the question, at least the window plus one.
        // Fewer cells than the document forces at least one scoring round; evicted tokens still rank by score.
        var scaled = (int)Math.Ceiling((double)budget * document / Math.Max(1, original));
        var room = contextSize - chunk - parts.Suffix.Length - parts.Prefix.Length;
        var keep = Math.Min(Math.Min(scaled, document - 1), room);
        if (keep < tail + 1)
        {
            if (room < tail + 1)
            {
                throw new CompressorException(ErrorKind.TooLarge, "kv_budget_exceeds_context",
                    $"a {chunk}-token chunk, the {parts.Suffix.Length}-token question and the {tail}-token window do not fit the configured context of {contextSize} cells; " +
                    "use a smaller options.chunk_tokens or a shorter question", parts.Suffix.Length > chunk ? "question" : "options.chunk_tokens");
            }

            keep = tail + 1;
        }

        return new EvictionPlan
        {
            Policy = policy,
            Budget = parts.Prefix.Length + keep + parts.Suffix.Length,
            ChunkTokens = chunk,
            Window = window,
            Seed = seed,
            Sequence = Sequence,
        };
    }

    private (ReadOutcome Read, double Ms) Read(LlamaContext context, string fingerprint, EvictionPlan plan, PromptParts parts, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        try
        {
            var calibration = plan.Policy == EvictionPolicy.Frequency ? FrequencyCalibrator.GetOrCalibrate(context, fingerprint, calibrations, ct) : null;
            var read = new EvictingReader(context, plan, calibration).Read(parts.Prefix, parts.Document, parts.Suffix, keepSuffix: false, ct);
            return (read, clock.Elapsed.TotalMilliseconds);
        }
        catch (LlamaException e)
        {
            throw EngineErrors.FromNative(e);
        }
    }

    private static CompressionResult Result(string text, int original, int compressed, int budget, Stopwatch total,
        AttentionDetails? details, Dictionary<string, double>? timings = null)
    {
        timings ??= [];
        timings["total"] = total.Elapsed.TotalMilliseconds;
        return new CompressionResult
        {
            Text = text,
            OriginalTokens = original,
            CompressedTokens = compressed,
            BudgetMet = compressed <= budget,
            TimingsMs = timings,
            Details = details,
        };
    }
}
