using System.Collections.Concurrent;
using System.Diagnostics;

namespace Compressor.Compression.Methods;

/// <summary>Accumulates wall time per stage (stages of several messages add up); "total" is the whole request.</summary>
public sealed class StageTimer
{
    private readonly ConcurrentDictionary<string, double> _stages = new(StringComparer.Ordinal);
    private readonly Stopwatch _total = Stopwatch.StartNew();

    public T Measure<T>(string stage, Func<T> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        var start = Stopwatch.GetTimestamp();
        try
        {
            return work();
        }
        finally
        {
            Add(stage, Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }
    }

    public async Task<T> MeasureAsync<T>(string stage, Func<Task<T>> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        var start = Stopwatch.GetTimestamp();
        try
        {
            return await work().ConfigureAwait(false);
        }
        finally
        {
            Add(stage, Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }
    }

    public void Add(string stage, double milliseconds) => _stages.AddOrUpdate(stage, milliseconds, (_, v) => v + milliseconds);

    public IReadOnlyDictionary<string, double> Finish()
    {
        var result = new Dictionary<string, double>(_stages, StringComparer.Ordinal)
        {
            ["total"] = _total.Elapsed.TotalMilliseconds,
        };
        return result;
    }
}
