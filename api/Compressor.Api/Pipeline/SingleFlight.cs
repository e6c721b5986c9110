namespace Compressor.Api.Pipeline;

/// <summary>
/// Runs one computation per key at a time: concurrent callers with the same key share it. The
/// shared work is cancelled only when every caller waiting on it has cancelled.
/// </summary>
public sealed class SingleFlight<T>
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, Flight> flights = new(StringComparer.Ordinal);

    /// <summary>Number of computations in progress (for tests and metrics).</summary>
    public int InFlight
    {
        get
        {
            lock (gate)
            {
                return flights.Count;
            }
        }
    }

    public async Task<T> RunAsync(string key, Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        Flight flight;
        lock (gate)
        {
            if (!flights.TryGetValue(key, out flight!))
            {
                flight = new Flight();
                flights[key] = flight;
                flight.Task = Start(key, flight, work);
            }

            flight.Waiters++;
        }

        await using var registration = cancellationToken.Register(() =>
        {
            lock (gate)
            {
                if (--flight.Waiters == 0 && !flight.Task.IsCompleted)
                {
                    flight.Cancellation.Cancel();
                }
            }
        });
        return await flight.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<T> Start(string key, Flight flight, Func<CancellationToken, Task<T>> work)
    {
        try
        {
            await Task.Yield();
            return await work(flight.Cancellation.Token).ConfigureAwait(false);
        }
        finally
        {
            lock (gate)
            {
                if (flights.TryGetValue(key, out var current) && current == flight)
                {
                    flights.Remove(key);
                }
            }
        }
    }

    private sealed class Flight
    {
        public CancellationTokenSource Cancellation { get; } = new();

        public Task<T> Task { get; set; } = null!;

        public int Waiters { get; set; }
    }
}
