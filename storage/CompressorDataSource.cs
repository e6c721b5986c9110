using Microsoft.Extensions.Logging;
using Npgsql;

namespace Compressor.Storage;

/// <summary>Builds the one <see cref="NpgsqlDataSource"/> the service shares between its stores.</summary>
public static class CompressorDataSource
{
    public static NpgsqlDataSource Create(StorageOptions options, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            throw new ArgumentException("StorageOptions.ConnectionString is empty.", nameof(options));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(options.CommandTimeoutSeconds, nameof(options.CommandTimeoutSeconds));

        var builder = new NpgsqlDataSourceBuilder(options.ConnectionString);
        builder.ConnectionStringBuilder.CommandTimeout = options.CommandTimeoutSeconds;
        if (string.IsNullOrEmpty(builder.ConnectionStringBuilder.ApplicationName))
        {
            // Lets a DBA tell our sessions apart in pg_stat_activity.
            builder.ConnectionStringBuilder.ApplicationName = "compressor";
        }

        if (loggerFactory is not null)
        {
            builder.UseLoggerFactory(loggerFactory);
        }

        return builder.Build();
    }
}
