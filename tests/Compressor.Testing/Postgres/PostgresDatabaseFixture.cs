using Npgsql;

namespace Compressor.Testing.Postgres;

/// <summary>
/// An xunit class fixture (<c>IClassFixture&lt;PostgresDatabaseFixture&gt;</c>): a fresh, empty database on
/// <see cref="TestPostgresCluster.Shared"/> for one test class, dropped when the class is done. It needs no
/// xunit types: xunit builds it with the parameterless constructor and calls <see cref="Dispose"/>.
/// </summary>
public class PostgresDatabaseFixture : IDisposable
{
    public PostgresDatabaseFixture()
    {
        Cluster = TestPostgresCluster.Shared;
        ConnectionString = Cluster.CreateDatabase();
    }

    public TestPostgresCluster Cluster { get; }

    public string ConnectionString { get; }

    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (!disposing || !Cluster.IsRunning)
        {
            return;
        }

        try
        {
            Cluster.DropDatabase(ConnectionString);
        }
        catch (NpgsqlException)
        {
            // Best effort: the cluster and its folder go away at process exit anyway.
        }
    }
}
