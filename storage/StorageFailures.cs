using Npgsql;

namespace Compressor.Storage;

/// <summary>Decides which database failures mean "unreachable for now" rather than a bug or bad data.</summary>
internal static class StorageFailures
{
    public static bool IsUnavailable(Exception exception) => exception switch
    {
        // Server-side errors: connection-class states and shutdowns, plus what Npgsql deems transient
        // (too many connections, cannot connect now, deadlocks): retrying later can succeed.
        PostgresException pg => pg.IsTransient || IsUnavailableState(pg.SqlState),
        // Client-side: refused or broken sockets, end of stream, timeouts, an exhausted pool.
        NpgsqlException npgsql => npgsql.IsTransient,
        TimeoutException => true,
        _ => false,
    };

    /// <summary>A timeout already cost the caller its command timeout once; it is not worth repeating.</summary>
    public static bool IsTimeout(Exception exception) =>
        exception is TimeoutException
        || exception.InnerException is TimeoutException
        || exception is PostgresException { SqlState: PostgresErrorCodes.QueryCanceled };

    private static bool IsUnavailableState(string sqlState) =>
        sqlState.StartsWith("08", StringComparison.Ordinal) // connection exception class
        || sqlState is PostgresErrorCodes.AdminShutdown
            or PostgresErrorCodes.CrashShutdown
            or PostgresErrorCodes.CannotConnectNow
            or PostgresErrorCodes.TooManyConnections;
}
