using Compressor.Compression.Errors;
using Microsoft.Extensions.AI;

namespace Compressor.Compression.Methods.Summarize;

/// <summary>
/// Sends the rewrites of one window at once and then awaits them all, so a batching engine can decode
/// the chunks as parallel sequences of one context instead of one after another. Inputs far larger
/// than a context are processed window by window (consecutive chunks holding at most
/// <c>windowTokens</c> input tokens, at least one chunk each), reporting progress after each window,
/// so memory and queue depth stay bounded however long the input is.
/// </summary>
public static class ChunkRewriter
{
    /// <summary>One rewrite: the chunk's text, its size and target in tokens, the keywords to keep.</summary>
    public readonly record struct Job(string Text, int Tokens, int TargetTokens, IReadOnlyList<string> Keywords);

    /// <summary>Rewrites every job, window by window; <paramref name="windowDone"/> gets (windows done, windows) after each.</summary>
    public static async Task<string[]> RewriteAllAsync(IChatClient client, IReadOnlyList<Job> jobs, int seed, double maxOutputFactor, int windowTokens,
        Action<int, int>? windowDone, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(jobs);
        var windows = Windows(jobs, windowTokens);
        var results = new string[jobs.Count];
        for (var w = 0; w < windows.Count; w++)
        {
            var (start, count) = windows[w];
            var started = new Task<string>[count];
            for (var i = 0; i < count; i++)
            {
                started[i] = RewriteAsync(client, jobs[start + i], seed, maxOutputFactor, cancellationToken);
            }

            try
            {
                var done = await Task.WhenAll(started).ConfigureAwait(false);
                done.CopyTo(results, start);
            }
            catch (Exception ex) when (ex is not OperationCanceledException and not CompressorException)
            {
                throw new CompressorException(ErrorKind.Unavailable, "summarizer_failed", $"the summarizer failed: {ex.Message}", null, ex) { RetryAfterSeconds = 1 };
            }

            windowDone?.Invoke(w + 1, windows.Count);
        }

        return results;
    }

    /// <summary>Consecutive (start, count) groups of jobs holding at most <paramref name="windowTokens"/> input tokens each (at least one job).</summary>
    public static List<(int Start, int Count)> Windows(IReadOnlyList<Job> jobs, int windowTokens)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        var windows = new List<(int, int)>();
        var start = 0;
        var tokens = 0;
        for (var i = 0; i < jobs.Count; i++)
        {
            if (i > start && tokens + jobs[i].Tokens > windowTokens)
            {
                windows.Add((start, i - start));
                start = i;
                tokens = 0;
            }

            tokens += jobs[i].Tokens;
        }

        if (jobs.Count > start)
        {
            windows.Add((start, jobs.Count - start));
        }

        return windows;
    }

    private static async Task<string> RewriteAsync(IChatClient client, Job job, int seed, double maxOutputFactor, CancellationToken cancellationToken)
    {
        var options = new ChatOptions
        {
            MaxOutputTokens = (int)Math.Ceiling(job.TargetTokens * maxOutputFactor) + 8,
            Temperature = 0,
            Seed = seed,
        };
        var response = await client.GetResponseAsync(SummaryPrompt.Build(job.Text, job.TargetTokens, job.Keywords), options, cancellationToken).ConfigureAwait(false);
        return (response.Text ?? "").Trim();
    }
}
