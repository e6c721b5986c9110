using Compressor.Api.Tests;
using Compressor.Testing.Postgres;

namespace Compressor.Client.Tests;

/// <summary>One in-process service (real Kestrel port, tiny generated model, its own database) shared by the collection.</summary>
public sealed class ServiceFixture : IAsyncLifetime
{
    private ServiceFactory? factory;

    /// <summary>The service's address, e.g. http://127.0.0.1:41234/.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    public HttpClient Http { get; private set; } = null!;

    public CompressorClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var connectionString = await TestPostgresCluster.Shared.CreateDatabaseAsync();
        factory = new ServiceFactory(connectionString);
        factory.Start();
        Http = factory.CreateClient();
        BaseAddress = Http.BaseAddress!;
        Client = new CompressorClient(Http);
        await WaitForDatabaseAsync();
    }

    /// <summary>Starts a second service without a database (records answer 503).</summary>
    public static ServiceFactory StartWithoutDatabase()
    {
        var service = new ServiceFactory(null);
        service.Start();
        return service;
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        if (factory is not null)
        {
            await factory.DisposeAsync();
        }
    }

    private async Task WaitForDatabaseAsync()
    {
        var until = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < until)
        {
            var ready = await Client.GetReadinessAsync();
            if (ready.Report.GetProperty("database").GetProperty("status").GetString() == "ok")
            {
                return;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("the test database never became ready");
    }
}
