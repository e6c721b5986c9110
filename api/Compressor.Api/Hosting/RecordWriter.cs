using System.Collections.Concurrent;
using System.Threading.Channels;
using Compressor.Storage;

namespace Compressor.Api.Hosting;

/// <summary>
/// Writes compression records in the background. While the database is unavailable, records wait
/// in memory (up to a bound) and are written when it comes back, so an accepted compression's
/// record is not lost to a database outage; a pending record can still be read by id.
/// </summary>
public sealed partial class RecordWriter(StorageServices storage, DatabaseState state, ILogger<RecordWriter> logger) : BackgroundService
{
    public const int MaxPending = 50_000;

    private readonly ICompressionStore? store = storage.Records;
    private readonly Channel<CompressionRecord> incoming = Channel.CreateUnbounded<CompressionRecord>();
    private readonly ConcurrentDictionary<Guid, CompressionRecord> pending = new();
    private readonly ConcurrentQueue<Guid> order = new();

    public int Pending => pending.Count;

    public bool Enabled => store is not null;

    public void Enqueue(CompressionRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (store is null)
        {
            return;
        }

        pending[record.Id] = record;
        order.Enqueue(record.Id);
        while (pending.Count > MaxPending && order.TryDequeue(out var oldest))
        {
            if (pending.TryRemove(oldest, out _))
            {
                LogDropped(logger, oldest);
            }
        }

        incoming.Writer.TryWrite(record);
    }

    public CompressionRecord? TryGetPending(Guid id) => pending.GetValueOrDefault(id);

    /// <summary>Forgets a pending record (deleted before it was written).</summary>
    public bool Forget(Guid id) => pending.TryRemove(id, out _);

    /// <summary>Waits until every record accepted so far is written (tests, shutdown).</summary>
    public async Task FlushAsync(TimeSpan timeout)
    {
        var until = DateTime.UtcNow + timeout;
        while (!pending.IsEmpty && DateTime.UtcNow < until)
        {
            await Task.Delay(20);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (store is null)
        {
            return;
        }

        state.PendingRecords = () => pending.Count;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await incoming.Reader.WaitToReadAsync(stoppingToken).AsTask().WaitAsync(TimeSpan.FromSeconds(1), stoppingToken);
            }
            catch (TimeoutException)
            {
                // Periodic retry of records left over from an outage.
            }

            while (incoming.Reader.TryRead(out _))
            {
            }

            await WritePendingAsync(stoppingToken);
        }
    }

    private async Task WritePendingAsync(CancellationToken ct)
    {
        if (!state.Migrated)
        {
            return;
        }

        foreach (var record in pending.Values.OrderBy(r => r.CreatedAt).ToList())
        {
            try
            {
                await store!.SaveAsync(record, ct);
                pending.TryRemove(record.Id, out _);
                state.ReportSuccess();
            }
            catch (StorageUnavailableException e)
            {
                state.ReportFailure();
                LogDeferred(logger, pending.Count, e.Message);
                return;
            }
        }
    }

    [LoggerMessage(EventId = 4101, Level = LogLevel.Warning, Message = "Database unavailable; {Count} records wait in memory ({Reason})")]
    private static partial void LogDeferred(ILogger logger, int count, string reason);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Error, Message = "Record {Id} dropped: more than MaxPending records waited for the database")]
    private static partial void LogDropped(ILogger logger, Guid id);
}
