using Compressor.Testing.Models;
using Compressor.Testing.Paths;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Compressor.Api.Tests;

/// <summary>
/// The real service in-process on a real Kestrel port, with a models folder holding generated
/// models and, when given, a real Postgres database.
/// </summary>
public sealed class ServiceFactory : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> settings;

    public ServiceFactory(string? connectionString, IDictionary<string, string?>? extra = null, string? modelsDirectory = null)
    {
        ModelsDirectory = modelsDirectory ?? CreateModelsDirectory();
        settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Compressor"] = connectionString,
            ["Compressor:Models:Directory"] = ModelsDirectory,
            ["Compressor:Models:Default"] = "tiny",
            ["Compressor:Engine:NativeDirectory"] = RepositoryPaths.NativeCpu,
            ["Compressor:Engine:ContextSize"] = "2048",
            ["Compressor:Engine:Threads"] = "1",
            ["Compressor:Engine:SequencesPerContext"] = "4",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (k, v) in extra ?? new Dictionary<string, string?>())
        {
            settings[k] = v;
        }

        // An explicit loopback listener on a free port: UseKestrel(port) rewrites server addresses after
        // start-up, which intermittently races with the server already running.
        UseKestrel(o => o.Listen(System.Net.IPAddress.Loopback, 0));
    }

    private static readonly Lock StartGate = new();

    public string ModelsDirectory { get; }

    /// <summary>
    /// Starts the Kestrel server. Starts are serialized: WebApplicationFactory's Kestrel start
    /// occasionally races with another factory starting at the same moment.
    /// </summary>
    public void Start()
    {
        lock (StartGate)
        {
            StartServer();
        }
    }

    public static string CreateModelsDirectory()
    {
        var dir = Directory.CreateTempSubdirectory("compressor-api-models-").FullName;
        File.Copy(TestModels.TinyLlamaPath, Path.Combine(dir, "tiny.gguf"));
        return dir;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }

        builder.UseEnvironment("Production");
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            try
            {
                Directory.Delete(ModelsDirectory, true);
            }
            catch (IOException)
            {
                // Best effort: a temp folder.
            }
        }
    }
}
