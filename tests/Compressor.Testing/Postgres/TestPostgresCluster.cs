using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Compressor.Testing.Postgres;

/// <summary>
/// A throwaway PostgreSQL cluster for one test process: its own data and socket folders under the temp
/// folder, a free port on 127.0.0.1, trust authentication for user "postgres", durability off for speed.
/// Use <see cref="Shared"/> and one database per test class (<see cref="CreateDatabaseAsync"/>); start a
/// private cluster with <see cref="StartNewAsync"/> for tests that stop the server, since stopping the shared
/// one would break every other class running beside them.
/// </summary>
public sealed class TestPostgresCluster : IAsyncDisposable
{
    public const string Host = "127.0.0.1";
    public const string Username = "postgres";

    private const string FolderPrefix = "compressor-pg-";

    private static readonly Lazy<TestPostgresCluster> SharedCluster =
        new(() => StartNewAsync().GetAwaiter().GetResult(), LazyThreadSafetyMode.ExecutionAndPublication);

    private static readonly ConcurrentDictionary<TestPostgresCluster, bool> Live = new();

    private readonly PostgresBinaries _binaries;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private bool _disposed;

    static TestPostgresCluster() =>
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            foreach (var cluster in Live.Keys)
            {
                cluster.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }
        };

    private TestPostgresCluster(PostgresBinaries binaries, string rootDirectory, int port)
    {
        _binaries = binaries;
        RootDirectory = rootDirectory;
        Port = port;
    }

    /// <summary>The cluster every test class of this process shares; started on first use, stopped at process exit.</summary>
    public static TestPostgresCluster Shared => SharedCluster.Value;

    public string RootDirectory { get; }

    public string DataDirectory => Path.Combine(RootDirectory, "data");

    public string SocketDirectory => Path.Combine(RootDirectory, "sock");

    public string LogFile => Path.Combine(RootDirectory, "postgres.log");

    public int Port { get; }

    public bool IsRunning { get; private set; }

    /// <summary>A connection string to the maintenance database "postgres", without pooling.</summary>
    public string AdminConnectionString => ConnectionStringFor("postgres", pooling: false);

    /// <summary>Initializes and starts a new private cluster; dispose it when done.</summary>
    public static async Task<TestPostgresCluster> StartNewAsync()
    {
        var binaries = PostgresBinaries.Find();
        RemoveAbandoned(binaries);
        const int attempts = 3;
        for (var attempt = 1; ; attempt++)
        {
            var name = $"{FolderPrefix}{System.Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..8]}";
            var cluster = new TestPostgresCluster(binaries, Path.Combine(Path.GetTempPath(), name), FreePort());
            Live[cluster] = true;
            try
            {
                await cluster.InitializeAsync().ConfigureAwait(false);
                PostgresCommand.StartWatchdog(binaries.PgCtl, cluster.DataDirectory, cluster.RootDirectory);
                await cluster.StartAsync().ConfigureAwait(false);
                return cluster;
            }
            catch (InvalidOperationException) when (attempt < attempts)
            {
                // Another process may have taken the free port between our probe and the server's bind.
                await cluster.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    public string ConnectionStringFor(string database, bool pooling = true) => new NpgsqlConnectionStringBuilder
    {
        Host = Host,
        Port = Port,
        Database = database,
        Username = Username,
        Pooling = pooling,
        Timeout = 5,
    }.ConnectionString;

    /// <summary>Creates an empty database with a unique name and returns a connection string to it.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = NewDatabaseName();
        var connection = new NpgsqlConnection(AdminConnectionString);
        await using (connection.ConfigureAwait(false))
        {
            await connection.OpenAsync().ConfigureAwait(false);
            using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await command.ExecuteNonQueryAsync().ConfigureAwait(false);
        }

        return ConnectionStringFor(name);
    }

    /// <summary>The synchronous twin of <see cref="CreateDatabaseAsync"/>, for fixture constructors.</summary>
    public string CreateDatabase()
    {
        var name = NewDatabaseName();
        using var connection = new NpgsqlConnection(AdminConnectionString);
        connection.Open();
        using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        command.ExecuteNonQuery();
        return ConnectionStringFor(name);
    }

    /// <summary>Drops the database named in <paramref name="connectionString"/>, closing its sessions.</summary>
    public void DropDatabase(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database
            ?? throw new ArgumentException("The connection string names no database.", nameof(connectionString));
        using var connection = new NpgsqlConnection(AdminConnectionString);
        connection.Open();
        using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name.Replace("\"", "\"\"", StringComparison.Ordinal)}\" WITH (FORCE)", connection);
        command.ExecuteNonQuery();
    }

    /// <summary>Starts the server (same port, same data); does nothing when it runs.</summary>
    public async Task StartAsync()
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (!IsRunning)
            {
                await PostgresCommand.RunAsync(
                    _binaries.PgCtl, ["-D", DataDirectory, "-l", LogFile, "-w", "-t", "60", "start"], LogFile).ConfigureAwait(false);
                IsRunning = true;
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Stops the server (fast shutdown: clients are disconnected); does nothing when it is stopped.</summary>
    public async Task StopAsync()
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (IsRunning)
            {
                await PostgresCommand.RunAsync(
                    _binaries.PgCtl, ["-D", DataDirectory, "-m", "fast", "-w", "-t", "60", "stop"], LogFile).ConfigureAwait(false);
                IsRunning = false;
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Stops the server at once and deletes its folder.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!Live.TryRemove(this, out _))
        {
            return;
        }

        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            _disposed = true;
            await StopQuietlyAsync(_binaries, DataDirectory).ConfigureAwait(false);
            IsRunning = false;
            TryDelete(RootDirectory);
        }
        finally
        {
            _gate.Release();
        }
    }

    private static string NewDatabaseName() => $"test_{Guid.NewGuid():N}";

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private async Task InitializeAsync()
    {
        Directory.CreateDirectory(SocketDirectory);
        await PostgresCommand.ChownToPostgresAsync(RootDirectory).ConfigureAwait(false);
        await PostgresCommand.RunAsync(
            _binaries.InitDb,
            ["-D", DataDirectory, "-U", Username, "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"]).ConfigureAwait(false);

        // Appended settings win over initdb's defaults; the data is disposable, so durability is off.
        var settings = string.Create(CultureInfo.InvariantCulture, $"""

            port = {Port}
            listen_addresses = '{Host}'
            unix_socket_directories = '{SocketDirectory}'
            max_connections = 200
            shared_buffers = 32MB
            fsync = off
            synchronous_commit = off
            full_page_writes = off
            """);
        await File.AppendAllTextAsync(Path.Combine(DataDirectory, "postgresql.conf"), settings).ConfigureAwait(false);
    }

    /// <summary>Clusters left by test processes that died without their exit handler (killed runs).</summary>
    private static void RemoveAbandoned(PostgresBinaries binaries)
    {
        foreach (var folder in Directory.EnumerateDirectories(Path.GetTempPath(), FolderPrefix + "*"))
        {
            var rest = Path.GetFileName(folder)[FolderPrefix.Length..];
            var dash = rest.IndexOf('-', StringComparison.Ordinal);
            if (dash <= 0 || !int.TryParse(rest[..dash], NumberStyles.None, CultureInfo.InvariantCulture, out var pid) || IsAlive(pid))
            {
                continue;
            }

            StopQuietlyAsync(binaries, Path.Combine(folder, "data")).GetAwaiter().GetResult();
            TryDelete(folder);
        }
    }

    private static bool IsAlive(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static async Task StopQuietlyAsync(PostgresBinaries binaries, string dataDirectory)
    {
        if (!File.Exists(Path.Combine(dataDirectory, "postmaster.pid")))
        {
            return;
        }

        try
        {
            await PostgresCommand.RunAsync(binaries.PgCtl, ["-D", dataDirectory, "-m", "immediate", "-w", "stop"]).ConfigureAwait(false);
        }
        catch (InvalidOperationException)
        {
            // Already gone; the folder is deleted next either way.
        }
    }

    private static void TryDelete(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
