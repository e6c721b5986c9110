using Compressor.Compression.Errors;
using Microsoft.Extensions.AI;

namespace Compressor.Compression.Methods.Summarize;

/// <summary>
/// Sends every rewrite at once and then awaits them all, so a batching engine can decode the chunks
/// as parallel sequences of one context instead of one after another.
/// </summary>
public static class ChunkRewriter
{
    /// <summary>One rewrite: the chunk's text, its target in tokens, the keywords to keep.</summary>
    public readonly record struct Job(string Text, int TargetTokens, IReadOnlyList<string> Keywords);

    public static async Task<string[]> RewriteAllAsync(IChatClient client, IReadOnlyList<Job> jobs, int seed, double maxOutputFactor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(jobs);
        var started = new Task<string>[jobs.Count];
        for (var i = 0; i < jobs.Count; i++)
        {
            started[i] = RewriteAsync(client, jobs[i], seed, maxOutputFactor, cancellationToken);
        }

        try
        {
            return await Task.WhenAll(started).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not CompressorException)
        {
            throw new CompressorException(ErrorKind.Unavailable, "summarizer_failed", $"the summarizer failed: {ex.Message}", null, ex) { RetryAfterSeconds = 1 };
        }
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
