namespace Compressor.Storage;

/// <summary>Database settings; the host binds them (section <see cref="SectionName"/>) and validates them at start-up.</summary>
public sealed class StorageOptions
{
    public const string SectionName = "Storage";

    /// <summary>An Npgsql connection string, e.g. "Host=127.0.0.1;Port=5433;Database=compressor;Username=postgres".</summary>
    public string ConnectionString { get; set; } = "";

    /// <summary>How long input and output texts are kept; null keeps them forever. Numbers are always kept.</summary>
    public TimeSpan? TextRetention { get; set; }

    /// <summary>Seconds before a single command is abandoned (and reported as storage unavailable).</summary>
    public int CommandTimeoutSeconds { get; set; } = 30;
}
