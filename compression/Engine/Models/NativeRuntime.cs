using Compressor.Engine.Errors;
using Compressor.Engine.Options;
using Compressor.Native;
using Compressor.Native.Loading;
using Microsoft.Extensions.Logging;

namespace Compressor.Engine.Models;

/// <summary>
/// Loads llama.cpp once, on first need, from the configured folder (or &lt;repo&gt;/.native/&lt;backend&gt;).
/// A missing library makes model-dependent requests fail with 503; the service itself still runs.
/// </summary>
public sealed class NativeRuntime(EngineOptions options, ILoggerFactory loggerFactory)
{
    private readonly Lock gate = new();

#pragma warning disable CA1822 // Instance member on purpose: callers reach the runtime through DI.
    public LlamaBackendInfo? Info => LlamaBackend.Current;
#pragma warning restore CA1822

    /// <summary>The folder the libraries are loaded from.</summary>
    public string Directory => options.NativeDirectory ?? FindDefaultDirectory(options.Flavor == LlamaBackendFlavor.Cuda ? "cuda" : "cpu");

    public LlamaBackendInfo EnsureLoaded()
    {
        if (LlamaBackend.Current is { } current)
        {
            return current;
        }

        lock (gate)
        {
            try
            {
                return LlamaBackend.Initialize(new LlamaBackendOptions(Directory, options.Flavor), loggerFactory);
            }
            catch (LlamaException e)
            {
                throw EngineErrors.FromNative(e);
            }
        }
    }

    private static string FindDefaultDirectory(string flavour)
    {
        foreach (var start in new[] { AppContext.BaseDirectory, System.IO.Directory.GetCurrentDirectory() })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, ".native", flavour);
                if (System.IO.Directory.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        return Path.Combine(AppContext.BaseDirectory, ".native", flavour);
    }
}
