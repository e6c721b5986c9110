using System.Collections.Concurrent;
using Compressor.Engine.Errors;
using Compressor.Engine.Options;
using Compressor.Engine.Scheduling;
using Compressor.Gguf;
using Compressor.Native;
using Microsoft.Extensions.Logging;

namespace Compressor.Engine.Models;

/// <summary>
/// The models directory: every *.gguf listed with its metadata, loaded lazily on first use (one
/// shared copy per model), vocab-only copies for token counting, and idle models unloaded. A
/// missing, truncated or non-GGUF file is reported by name, never a crash.
/// </summary>
public sealed partial class ModelRegistry : IDisposable
{
    private readonly ModelsOptions models;
    private readonly EngineOptions engine;
    private readonly NativeRuntime runtime;
    private readonly ILogger logger;
    private readonly FingerprintCache fingerprints = new();
    private readonly ConcurrentDictionary<string, ModelDescriptor> scanned = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Lazy<Task<LoadedModel>>> loaded = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Lazy<LlamaModel>> vocabularies = new(StringComparer.Ordinal);

    public ModelRegistry(ModelsOptions models, EngineOptions engine, NativeRuntime runtime, ILogger<ModelRegistry> logger)
    {
        this.models = models;
        this.engine = engine;
        this.runtime = runtime;
        this.logger = logger;
        Directory = Path.GetFullPath(models.Directory);
    }

    public string Directory { get; }

    public string? DefaultId => models.Default;

    /// <summary>All GGUF files now in the directory (rescanned; headers parsed once per file version).</summary>
    public IReadOnlyList<ModelDescriptor> List()
    {
        if (!System.IO.Directory.Exists(Directory))
        {
            return [];
        }

        var result = new List<ModelDescriptor>();
        foreach (var path in System.IO.Directory.EnumerateFiles(Directory, "*.gguf").Order(StringComparer.Ordinal))
        {
            if (path.EndsWith(Latent.LatentAdapterFile.Extension, StringComparison.OrdinalIgnoreCase))
            {
                // Latent adapters share the folder and the GGUF format but are not models.
                continue;
            }

            var file = new FileInfo(path);
            var id = Path.GetFileNameWithoutExtension(path);
            if (!scanned.TryGetValue(path, out var known) || known.FileSize != file.Length || known.LastWriteUtc != file.LastWriteTimeUtc)
            {
                known = Describe(id, file);
                scanned[path] = known;
            }

            result.Add(known);
        }

        return result;
    }

    /// <summary>The model named <paramref name="id"/>, or the default when null. Throws 404/503-style errors.</summary>
    public ModelDescriptor Find(string? id)
    {
        var wanted = id ?? models.Default ?? throw EngineErrors.NoModelAvailable(Directory);
        var found = List().FirstOrDefault(m => m.Id == wanted);
        if (found is null)
        {
            throw id is null ? EngineErrors.NoModelAvailable(Directory) : EngineErrors.ModelNotFound(wanted);
        }

        return found.IsUsable ? found : throw EngineErrors.ModelInvalid(found.Id, found.Error ?? "unreadable");
    }

    /// <summary>
    /// Throws unless <paramref name="id"/> (or the default) can serve a request now: listed and
    /// usable, or already loaded (a loaded model keeps serving after its file is deleted).
    /// </summary>
    public void EnsureServable(string? id)
    {
        if ((id ?? models.Default) is { } wanted && IsLoaded(wanted))
        {
            return;
        }

        Find(id);
    }

    /// <summary>Vocabulary-only copies loaded so far (tokenizers without weights).</summary>
    public int LoadedVocabularies => vocabularies.Values.Count(v => v.IsValueCreated);

    public bool IsLoaded(string id) =>
        loaded.TryGetValue(id, out var lazy) && lazy.IsValueCreated && lazy.Value.IsCompletedSuccessfully;

    /// <summary>The fingerprint when already computed (listing never hashes files).</summary>
    public string? KnownFingerprint(ModelDescriptor model) => fingerprints.TryGet(model);

    public Task<string> GetFingerprintAsync(ModelDescriptor model, CancellationToken cancellationToken) =>
        fingerprints.GetAsync(model, cancellationToken);

    /// <summary>
    /// A hold on the loaded model (loading it on first use). A model whose file was deleted after
    /// loading keeps serving from memory until it is unloaded.
    /// </summary>
    public async Task<ModelHandle> AcquireAsync(string? id, CancellationToken cancellationToken)
    {
        var wanted = id ?? models.Default;
        if (wanted is not null && loaded.TryGetValue(wanted, out var existing) && existing.IsValueCreated &&
            existing.Value.IsCompletedSuccessfully && !File.Exists(existing.Value.Result.Descriptor.Path))
        {
            LogServingDeleted(logger, wanted);
            return new ModelHandle(existing.Value.Result);
        }

        var descriptor = Find(id);
        var lazy = loaded.GetOrAdd(descriptor.Id, _ => new Lazy<Task<LoadedModel>>(() => Task.Run(() => LoadAsync(descriptor))));
        try
        {
            var model = await lazy.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
            if (model.Descriptor.LastWriteUtc != descriptor.LastWriteUtc || model.Descriptor.FileSize != descriptor.FileSize)
            {
                // The file changed on disk: serve this request, reload for later ones once idle.
                LogModelChanged(logger, descriptor.Id);
            }

            EnforceLoadedLimit(descriptor.Id);
            return new ModelHandle(model);
        }
        catch (Exception) when (lazy.IsValueCreated && lazy.Value.IsFaulted)
        {
            loaded.TryRemove(new KeyValuePair<string, Lazy<Task<LoadedModel>>>(descriptor.Id, lazy));
            throw;
        }
    }

    /// <summary>A tokenizer-only copy of the model's vocabulary (cheap; no weights), or the loaded model's.</summary>
    public LlamaVocab GetVocabulary(string? id)
    {
        var descriptor = Find(id);
        if (loaded.TryGetValue(descriptor.Id, out var lazy) && lazy.IsValueCreated && lazy.Value.IsCompletedSuccessfully)
        {
            return lazy.Value.Result.Model.Vocab;
        }

        runtime.EnsureLoaded();
        var entry = vocabularies.GetOrAdd(descriptor.Path + "|" + descriptor.LastWriteUtc.Ticks, _ => new Lazy<LlamaModel>(() =>
        {
            try
            {
                return LlamaModel.Load(descriptor.Path, new LlamaModelOptions { VocabOnly = true });
            }
            catch (LlamaException e)
            {
                throw EngineErrors.FromNative(e, "tokenizer");
            }
        }));
        try
        {
            return entry.Value.Vocab;
        }
        catch
        {
            vocabularies.TryRemove(descriptor.Path + "|" + descriptor.LastWriteUtc.Ticks, out _);
            throw;
        }
    }

    /// <summary>Unloads models unused for longer than the idle limit; returns how many.</summary>
    public int UnloadIdle(DateTime nowUtc)
    {
        if (engine.IdleUnloadAfter is not TimeSpan limit)
        {
            return 0;
        }

        var count = 0;
        foreach (var (id, lazy) in loaded)
        {
            if (lazy.IsValueCreated && lazy.Value.IsCompletedSuccessfully &&
                lazy.Value.Result is { Users: 0 } model && nowUtc - model.LastUsedUtc > limit && Unload(id, lazy))
            {
                count++;
            }
        }

        return count;
    }

    public void Dispose()
    {
        foreach (var (id, lazy) in loaded)
        {
            Unload(id, lazy);
        }

        foreach (var vocab in vocabularies.Values.Where(v => v.IsValueCreated))
        {
            vocab.Value.Dispose();
        }
    }

    private async Task<LoadedModel> LoadAsync(ModelDescriptor descriptor)
    {
        runtime.EnsureLoaded();
        var fingerprint = await fingerprints.GetAsync(descriptor, CancellationToken.None).ConfigureAwait(false);
        var started = DateTime.UtcNow;
        LlamaModel model;
        try
        {
            model = LlamaModel.Load(descriptor.Path, new LlamaModelOptions
            {
                GpuLayers = runtime.Info?.HasGpu == true ? engine.GpuLayers : 0,
            });
        }
        catch (LlamaException e)
        {
            throw EngineErrors.FromNative(e);
        }

        // The vocabulary's bytes and prefix forest (constrained decoding's bulk checks): built once per
        // model here rather than inside the first constrained request's timing.
        _ = Constrained.TokenBytes.For(model.Vocab).Trie;
        LogModelLoaded(logger, descriptor.Id, (DateTime.UtcNow - started).TotalMilliseconds, fingerprint);
        return new LoadedModel(descriptor, fingerprint, model, new ContextPool(model, engine));
    }

    private bool Unload(string id, Lazy<Task<LoadedModel>> lazy)
    {
        if (!loaded.TryRemove(new KeyValuePair<string, Lazy<Task<LoadedModel>>>(id, lazy)))
        {
            return false;
        }

        if (lazy.IsValueCreated && lazy.Value.IsCompletedSuccessfully)
        {
            lazy.Value.Result.Dispose();
            LogModelUnloaded(logger, id);
        }

        return true;
    }

    private void EnforceLoadedLimit(string keep)
    {
        var ready = loaded.Where(e => e.Value.IsValueCreated && e.Value.Value.IsCompletedSuccessfully).ToList();
        foreach (var (id, lazy) in ready.Where(e => e.Key != keep && e.Value.Value.Result.Users == 0)
                     .OrderBy(e => e.Value.Value.Result.LastUsedUtc).Take(Math.Max(0, ready.Count - engine.MaxLoadedModels)))
        {
            Unload(id, lazy);
        }
    }

    private static ModelDescriptor Describe(string id, FileInfo file)
    {
        try
        {
            return new ModelDescriptor(id, file.FullName, file.Length, file.LastWriteTimeUtc, GgufModelInfo.Read(file.FullName), null);
        }
        catch (Exception e) when (e is GgufFormatException or IOException or UnauthorizedAccessException)
        {
            return new ModelDescriptor(id, file.FullName, file.Length, file.LastWriteTimeUtc, null, e.Message);
        }
    }

    [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "Loaded model {Id} in {Ms:F0} ms ({Fingerprint})")]
    private static partial void LogModelLoaded(ILogger logger, string id, double ms, string fingerprint);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Information, Message = "Unloaded model {Id}")]
    private static partial void LogModelUnloaded(ILogger logger, string id);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Warning, Message = "Model {Id}: its file is gone; serving the loaded copy until it is unloaded")]
    private static partial void LogServingDeleted(ILogger logger, string id);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Warning, Message = "Model {Id} changed on disk; the loaded copy serves until it is unloaded")]
    private static partial void LogModelChanged(ILogger logger, string id);
}
