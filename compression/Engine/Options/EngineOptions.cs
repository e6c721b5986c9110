using Compressor.Native.Loading;

namespace Compressor.Engine.Options;

/// <summary>Settings of the llama.cpp engine (section "Compressor:Engine").</summary>
public sealed class EngineOptions
{
    public const string Section = "Compressor:Engine";

    /// <summary>"cpu" or "cuda": which prebuilt llama.cpp flavour to load.</summary>
    public string Backend { get; set; } = "cpu";

    /// <summary>Folder of the native libraries; default &lt;repository or app&gt;/.native/&lt;backend&gt;.</summary>
    public string? NativeDirectory { get; set; }

    /// <summary>Threads per context; 0 = physical cores shared among the contexts of a model.</summary>
    public int Threads { get; set; }

    /// <summary>Contexts per loaded model (each serves one request at a time).</summary>
    public int ContextsPerModel { get; set; } = 2;

    /// <summary>KV cells per context (all its sequences together).</summary>
    public int ContextSize { get; set; } = 8192;

    public int BatchSize { get; set; } = 512;

    /// <summary>Parallel sequences per context (batched summaries, SMC particles).</summary>
    public int SequencesPerContext { get; set; } = 8;

    /// <summary>Requests that may wait for a context before new ones are refused with 503.</summary>
    public int QueueLimit { get; set; } = 16;

    /// <summary>Longest wait for a context before a request is refused with 503.</summary>
    public TimeSpan QueueTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Layers to offload when the CUDA flavour finds a GPU (-1 = all).</summary>
    public int GpuLayers { get; set; } = -1;

    /// <summary>Loaded models idle this long are unloaded; null keeps them.</summary>
    public TimeSpan? IdleUnloadAfter { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>At most this many models stay loaded; the least recently used is unloaded first.</summary>
    public int MaxLoadedModels { get; set; } = 2;

    public LlamaBackendFlavor Flavor => Backend.Equals("cuda", StringComparison.OrdinalIgnoreCase) ? LlamaBackendFlavor.Cuda : LlamaBackendFlavor.Cpu;

    /// <summary>
    /// llama.cpp's worker threads spin while waiting: more busy threads than cores makes decoding
    /// collapse (measured: ~2000 to 0.6 tok/s). So by default the cores are split among the contexts
    /// that may decode at once.
    /// </summary>
    public int EffectiveThreads => Threads > 0 ? Threads : Math.Max(1, Native.CpuInfo.PhysicalCores / Math.Max(1, ContextsPerModel));

    /// <summary>Problems with these settings, each naming the setting; empty when valid.</summary>
    public IEnumerable<string> Validate()
    {
        if (!Backend.Equals("cpu", StringComparison.OrdinalIgnoreCase) && !Backend.Equals("cuda", StringComparison.OrdinalIgnoreCase))
        {
            yield return $"Compressor:Engine:Backend must be 'cpu' or 'cuda', not '{Backend}'";
        }

        if (Threads < 0 || Threads > 512)
        {
            yield return $"Compressor:Engine:Threads must be 0 (auto) to 512, not {Threads}";
        }

        if (ContextsPerModel is < 1 or > 64)
        {
            yield return $"Compressor:Engine:ContextsPerModel must be 1 to 64, not {ContextsPerModel}";
        }

        if (ContextSize is < 256 or > 1_048_576)
        {
            yield return $"Compressor:Engine:ContextSize must be 256 to 1048576, not {ContextSize}";
        }

        if (BatchSize is < 32 or > 16384)
        {
            yield return $"Compressor:Engine:BatchSize must be 32 to 16384, not {BatchSize}";
        }

        if (SequencesPerContext is < 1 or > 64)
        {
            yield return $"Compressor:Engine:SequencesPerContext must be 1 to 64, not {SequencesPerContext}";
        }

        if (QueueLimit < 0)
        {
            yield return $"Compressor:Engine:QueueLimit must be >= 0, not {QueueLimit}";
        }

        if (QueueTimeout <= TimeSpan.Zero)
        {
            yield return "Compressor:Engine:QueueTimeout must be positive";
        }

        if (MaxLoadedModels < 1)
        {
            yield return $"Compressor:Engine:MaxLoadedModels must be >= 1, not {MaxLoadedModels}";
        }

        if (NativeDirectory is not null && !Directory.Exists(NativeDirectory))
        {
            yield return $"Compressor:Engine:NativeDirectory '{NativeDirectory}' does not exist (run deploy/fetch-native.sh)";
        }
    }
}
