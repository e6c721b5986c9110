namespace Compressor.Engine.Generation;

/// <summary>
/// Watches generated text for stop strings. Text that could still be the start of a stop string is
/// held back, so a streaming client never sees part of a stop sequence.
/// </summary>
public sealed class StopMatcher(IReadOnlyList<string> stops)
{
    private readonly string[] stops = [.. stops.Where(s => s.Length > 0)];
    private string pending = "";

    public bool Stopped { get; private set; }

    /// <summary>Adds generated text; returns what can be emitted now.</summary>
    public string Push(string text)
    {
        if (Stopped)
        {
            return "";
        }

        pending += text;
        var first = -1;
        foreach (var stop in stops)
        {
            var at = pending.IndexOf(stop, StringComparison.Ordinal);
            if (at >= 0 && (first < 0 || at < first))
            {
                first = at;
            }
        }

        if (first >= 0)
        {
            Stopped = true;
            var emit = pending[..first];
            pending = "";
            return emit;
        }

        var hold = 0;
        foreach (var stop in stops)
        {
            for (var len = Math.Min(stop.Length - 1, pending.Length); len > hold; len--)
            {
                if (pending.AsSpan(pending.Length - len).SequenceEqual(stop.AsSpan(0, len)))
                {
                    hold = len;
                    break;
                }
            }
        }

        var ready = pending[..^hold];
        pending = pending[^hold..];
        return ready;
    }

    /// <summary>Held-back text at the end of generation (it was not a stop string after all).</summary>
    public string Flush()
    {
        var rest = Stopped ? "" : pending;
        pending = "";
        return rest;
    }
}
