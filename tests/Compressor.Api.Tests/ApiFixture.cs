using Compressor.Testing.Postgres;

namespace Compressor.Api.Tests;

/// <summary>One service per test class, on its own fresh database of the shared test cluster.</summary>
public sealed class ApiFixture : IAsyncLifetime
{
    private ServiceFactory? factory;

    public ServiceFactory Factory => factory ?? throw new InvalidOperationException("not started");

    public HttpClient Client { get; private set; } = null!;

    public string ConnectionString { get; private set; } = "";

    public async Task InitializeAsync()
    {
        ConnectionString = await TestPostgresCluster.Shared.CreateDatabaseAsync();
        factory = new ServiceFactory(ConnectionString);
        factory.Start();
        Client = factory.CreateClient();
        await Http.WaitUntilReadyAsync(Client);
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        if (factory is not null)
        {
            await factory.DisposeAsync();
        }
    }
}
