using Compressor.Compression.Errors;
using Compressor.Compression.Pipeline;
using Compressor.Compression.Segmentation;

namespace Compressor.Compression.Methods;

/// <summary>
/// What every text method shares: validation, the "already within budget" shortcut, the
/// "less than one sentence" check, timings, and chat messages (system prompt and last user turn
/// protected unless the request says otherwise; the budget is shared across the other messages in
/// proportion to their size). Subclasses compress one text to a token budget.
/// </summary>
public abstract class TextCompressorBase : IPromptCompressor
{
    public abstract string Method { get; }

    public abstract bool RequiresModel { get; }

    public async Task<CompressionResult> CompressAsync(CompressionRequest request, CompressionEnvironment environment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(environment);
        RequestValidator.Validate(request);
        ValidateOptions(request);
        var timer = new StageTimer();
        if (request.Text is { } text)
        {
            var job = Prepare(text, request.Question, request, environment, timer, null);
            var outcome = await RunAsync(job, strict: true, cancellationToken).ConfigureAwait(false);
            return new CompressionResult
            {
                Text = outcome.Text,
                OriginalTokens = job.OriginalTokens,
                CompressedTokens = outcome.Tokens,
                BudgetMet = outcome.Tokens <= job.Budget,
                TimingsMs = timer.Finish(),
                Details = outcome.Details,
            };
        }

        return await CompressMessagesAsync(request, environment, timer, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Compresses one text to <see cref="TextJob.Budget"/> tokens (best effort when no sentence fits).</summary>
    protected abstract Task<TextOutcome> CompressTextAsync(TextJob job, CancellationToken cancellationToken);

    /// <summary>Throws a bad request when the request's options are not this method's.</summary>
    protected virtual void ValidateOptions(CompressionRequest request)
    {
    }

    private async Task<TextOutcome> RunAsync(TextJob job, bool strict, CancellationToken cancellationToken)
    {
        if (job.OriginalTokens <= job.Budget)
        {
            return new TextOutcome(job.Text, job.OriginalTokens, null);
        }

        var shortest = job.SegmentTokens.Count == 0 ? 0 : job.SegmentTokens.Min();
        if (strict && job.Budget < shortest)
        {
            throw CompressorException.Unprocessable(
                "target_below_one_sentence",
                $"a budget of {job.Budget} tokens leaves less than one sentence: the shortest sentence of the text has {shortest} tokens",
                "target");
        }

        cancellationToken.ThrowIfCancellationRequested();
        return await CompressTextAsync(job, cancellationToken).ConfigureAwait(false);
    }

    private static TextJob Prepare(string text, string? question, CompressionRequest request, CompressionEnvironment environment, StageTimer timer, int? budget)
    {
        environment.Progress?.Report(new CompressionProgress("segment", 0));
        var segments = timer.Measure("segment", () => TextSegmenter.Split(text));
        var tokens = timer.Measure("count", () => segments.Select(s => environment.Tokenizer.Count(s.Text)).ToArray());
        var original = timer.Measure("count", () => environment.Tokenizer.Count(text));
        return new TextJob(text, question, request.Keep, budget ?? request.Target.BudgetFor(original), original, segments, tokens, request, environment, timer);
    }

    private async Task<CompressionResult> CompressMessagesAsync(CompressionRequest request, CompressionEnvironment environment, StageTimer timer, CancellationToken cancellationToken)
    {
        var messages = request.Messages!;
        var lastUser = -1;
        for (var i = 0; i < messages.Count; i++)
        {
            lastUser = string.Equals(messages[i].Role, "user", StringComparison.OrdinalIgnoreCase) ? i : lastUser;
        }

        var isProtected = messages.Select((m, i) => request.ProtectSystemAndLastUser
            && (string.Equals(m.Role, "system", StringComparison.OrdinalIgnoreCase) || i == lastUser)).ToArray();
        var counts = messages.Select(m => environment.Tokenizer.Count(m.Content)).ToArray();
        var total = counts.Sum();
        var budget = request.Target.BudgetFor(total);
        var protectedTokens = counts.Where((_, i) => isProtected[i]).Sum();
        var shares = Share(Math.Max(0, budget - protectedTokens), counts, isProtected);

        // Questions steer relevance; without one, the protected last user turn is what matters.
        var question = request.Question ?? (lastUser >= 0 ? messages[lastUser].Content : null);
        var tasks = messages.Select(async (m, i) =>
        {
            if (isProtected[i] || counts[i] <= shares[i] || string.IsNullOrWhiteSpace(m.Content))
            {
                return new TextOutcome(m.Content, counts[i], null);
            }

            if (shares[i] == 0)
            {
                return new TextOutcome("", 0, null);
            }

            var job = Prepare(m.Content, question, request, environment, timer, shares[i]);
            return await RunAsync(job, strict: false, cancellationToken).ConfigureAwait(false);
        }).ToArray();
        var outcomes = await Task.WhenAll(tasks).ConfigureAwait(false);

        var compressed = messages.Select((m, i) => new ChatTurn(m.Role, outcomes[i].Text)).ToArray();
        var compressedTokens = outcomes.Sum(o => o.Tokens);
        var details = new MessagesDetails(
            messages.Select((m, i) => new MessageDetail(i, m.Role, isProtected[i], counts[i], isProtected[i] ? counts[i] : shares[i], outcomes[i].Tokens, outcomes[i].Details)).ToArray(),
            budget,
            protectedTokens);
        return new CompressionResult
        {
            Text = string.Join("\n\n", compressed.Select(m => m.Content).Where(c => c.Length > 0)),
            Messages = compressed,
            OriginalTokens = total,
            CompressedTokens = compressedTokens,
            BudgetMet = compressedTokens <= budget,
            TimingsMs = timer.Finish(),
            Details = details,
        };
    }

    /// <summary>Splits a budget over the unprotected messages in proportion to their size (largest remainders last).</summary>
    public static int[] Share(int budget, IReadOnlyList<int> counts, IReadOnlyList<bool> isProtected)
    {
        ArgumentNullException.ThrowIfNull(counts);
        ArgumentNullException.ThrowIfNull(isProtected);
        var shares = new int[counts.Count];
        long compressible = counts.Where((_, i) => !isProtected[i]).Sum(c => (long)c);
        if (compressible == 0)
        {
            return shares;
        }

        var given = 0;
        for (var i = 0; i < counts.Count; i++)
        {
            if (!isProtected[i])
            {
                shares[i] = (int)Math.Min(counts[i], budget * (long)counts[i] / compressible);
                given += shares[i];
            }
        }

        for (var i = 0; i < counts.Count && given < budget; i++)
        {
            if (!isProtected[i] && shares[i] < counts[i])
            {
                var add = Math.Min(budget - given, counts[i] - shares[i]);
                shares[i] += add;
                given += add;
            }
        }

        return shares;
    }
}
