using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.AI;

namespace Compressor.Evaluation.Engine;

/// <summary>
/// Records every call a chat client served (prompt and generated token counts), and the wall time
/// from the first call's start to the last call's end, for the engine-limit reference.
/// </summary>
internal sealed class UsageRecorder(IChatClient inner) : DelegatingChatClient(inner)
{
    private readonly ConcurrentQueue<(int Input, int Output)> calls = new();
    private long firstStart = long.MaxValue;
    private long lastEnd;

    public IReadOnlyList<(int Input, int Output)> Calls => [.. calls];

    public long InputTokens => calls.Sum(c => (long)c.Input);

    public long OutputTokens => calls.Sum(c => (long)c.Output);

    /// <summary>Milliseconds from the first call's start to the last call's end.</summary>
    public double ModelMs => lastEnd == 0 ? 0 : Stopwatch.GetElapsedTime(firstStart, lastEnd).TotalMilliseconds;

    public void Reset()
    {
        calls.Clear();
        Interlocked.Exchange(ref firstStart, long.MaxValue);
        Interlocked.Exchange(ref lastEnd, 0);
    }

    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var start = Stopwatch.GetTimestamp();
        InterlockedMin(ref firstStart, start);
        var response = await base.GetResponseAsync(messages, options, cancellationToken);
        calls.Enqueue(((int)(response.Usage?.InputTokenCount ?? 0), (int)(response.Usage?.OutputTokenCount ?? 0)));
        InterlockedMax(ref lastEnd, Stopwatch.GetTimestamp());
        return response;
    }

    private static void InterlockedMin(ref long target, long value)
    {
        long seen;
        while ((seen = Interlocked.Read(ref target)) > value && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }

    private static void InterlockedMax(ref long target, long value)
    {
        long seen;
        while ((seen = Interlocked.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }
}
