using Compressor.Testing.Models;
using Compressor.Testing.Paths;
using Compressor.Testing.Postgres;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Compressor.Web.Tests;

/// <summary>
/// The real service on a real Kestrel port (WebApplicationFactory with UseKestrel(0)), its own
/// database on the shared throwaway Postgres cluster, the tiny generated llama as its default model,
/// and one headless Debian Chromium driven by Playwright. Shared by the browser tests (one collection).
/// </summary>
public sealed class WebAppFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private static readonly string[] ChromiumArgs =
    [
        "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run",
    ];

    private readonly string _modelsDirectory = Path.Combine(Path.GetTempPath(), $"compressor-web-tests-{Guid.NewGuid():N}");
    private WebApplicationFactory<Program>? _factory;
    private string? _connectionString;
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public Uri BaseAddress { get; private set; } = new("http://127.0.0.1/");

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("the fixture is not initialized");

    /// <summary>Where screenshots go: artifacts/screenshots under the repository root (ignored by git).</summary>
    public static string ScreenshotDirectory => Path.Combine(RepositoryPaths.Root, "artifacts", "screenshots");

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException(
                $"The browser tests need Debian's Chromium at {ChromiumPath}: run `deploy/setup.sh --test` (as root it installs the chromium package).");
        }

        _connectionString = await TestPostgresCluster.Shared.CreateDatabaseAsync();
        Directory.CreateDirectory(_modelsDirectory);
        File.Copy(TestModels.TinyLlamaPath, Path.Combine(_modelsDirectory, "tiny.gguf"));

        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            builder.UseSetting("ConnectionStrings:Compressor", _connectionString);
            builder.UseSetting("Compressor:Models:Directory", _modelsDirectory);
            builder.UseSetting("Compressor:Models:Default", "tiny");
            builder.UseSetting("Compressor:Web:Root", RepositoryPaths.Web);
            builder.UseSetting("Compressor:Engine:Threads", "1");
        });
        _factory.UseKestrel(o => o.Listen(System.Net.IPAddress.Loopback, 0));
        _factory.StartServer();
        BaseAddress = ServerAddress(_factory);

        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ChromiumArgs,
        });
        Directory.CreateDirectory(ScreenshotDirectory);
    }

    /// <summary>A fresh browser context and page at laptop size; uncaught script errors are collected.</summary>
    public async Task<BrowserPage> NewPageAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = 1440, Height = 900 },
            Locale = "en-US",
        });
        context.SetDefaultTimeout(30_000);
        var page = await context.NewPageAsync();
        return new BrowserPage(context, page);
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.CloseAsync();
        }

        _playwright?.Dispose();
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }

        if (_connectionString is not null && TestPostgresCluster.Shared.IsRunning)
        {
            try
            {
                TestPostgresCluster.Shared.DropDatabase(_connectionString);
            }
            catch (Npgsql.NpgsqlException)
            {
                // Best effort: the cluster goes away with the test process.
            }
        }

        try
        {
            Directory.Delete(_modelsDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static Uri ServerAddress(WebApplicationFactory<Program> factory)
    {
        var addresses = factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses;
        var address = addresses?.FirstOrDefault(a => a.StartsWith("http://", StringComparison.Ordinal))
            ?? factory.ClientOptions.BaseAddress.ToString();

        // Kestrel may report the wildcard it bound; the browser needs a host it can reach.
        var uri = new UriBuilder(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal).Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal).Replace("+", "127.0.0.1", StringComparison.Ordinal));
        if (uri.Host is "localhost")
        {
            uri.Host = "127.0.0.1";
        }

        return uri.Uri;
    }
}
