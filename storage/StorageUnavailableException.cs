namespace Compressor.Storage;

/// <summary>
/// The database cannot be reached right now (refused, shut down, timed out). Always transient: callers
/// degrade (serve uncached, skip history) or answer 503, and the same call may succeed later.
/// </summary>
public sealed class StorageUnavailableException : Exception
{
    /// <summary>The stable error code the API reports.</summary>
    public const string ErrorCode = "storage_unavailable";

    public StorageUnavailableException()
        : base("The database is unavailable.")
    {
    }

    public StorageUnavailableException(string message)
        : base(message)
    {
    }

    public StorageUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public string Code { get; } = ErrorCode;

    public bool IsTransient { get; } = true;
}
