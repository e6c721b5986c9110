using System.Collections.Concurrent;
using Compressor.Engine.Options;
using Compressor.Gguf;

namespace Compressor.Engine.Latent;

/// <summary>
/// The *.latent.gguf files of the adapters folder (default: the models directory), read once per
/// file version and fingerprinted, so latents can be checked against the exact adapter that made them.
/// </summary>
public sealed class LatentAdapterRegistry(LatentOptions options, ModelsOptions models)
{
    private readonly ConcurrentDictionary<string, Lazy<LoadedAdapter>> cache = new(StringComparer.Ordinal);

    public string Directory { get; } = Path.GetFullPath(options.AdaptersDirectory ?? models.Directory);

    public IReadOnlyList<LatentAdapterDescriptor> List()
    {
        if (!System.IO.Directory.Exists(Directory))
        {
            return [];
        }

        var result = new List<LatentAdapterDescriptor>();
        foreach (var path in System.IO.Directory.EnumerateFiles(Directory, "*" + LatentAdapterFile.Extension).Order(StringComparer.Ordinal))
        {
            var id = IdOf(path);
            try
            {
                var a = Load(path).Adapter;
                result.Add(new LatentAdapterDescriptor(id, path, a.EncoderModel.Name, a.DecoderModel.Name, a.NominalRatio, null));
            }
            catch (LatentAdapterException e)
            {
                result.Add(new LatentAdapterDescriptor(id, path, null, null, null, e.Reason));
            }
        }

        return result;
    }

    /// <summary>The adapter <paramref name="id"/> (or the default); 404 when absent, 422 when its file is unusable.</summary>
    public LoadedAdapter Get(string? id)
    {
        var wanted = id ?? options.DefaultAdapter;
        if (wanted is null)
        {
            var all = List();
            wanted = all.Count == 1 ? all[0].Id : throw LatentErrors.NoDefaultAdapter(Directory, all.Count);
        }

        if (wanted.Contains('/', StringComparison.Ordinal) || wanted.Contains('\\', StringComparison.Ordinal) || wanted.Contains("..", StringComparison.Ordinal))
        {
            throw LatentErrors.AdapterNotFound(wanted);
        }

        var path = Path.Combine(Directory, wanted + LatentAdapterFile.Extension);
        if (!File.Exists(path))
        {
            throw LatentErrors.AdapterNotFound(wanted);
        }

        try
        {
            return Load(path);
        }
        catch (LatentAdapterException e)
        {
            throw LatentErrors.AdapterInvalid(wanted, e.Reason, e);
        }
    }

    private LoadedAdapter Load(string path)
    {
        var file = new FileInfo(path);
        var key = $"{file.FullName}|{file.Length}|{file.LastWriteTimeUtc.Ticks}";
        var lazy = cache.GetOrAdd(key, _ => new Lazy<LoadedAdapter>(() =>
            new LoadedAdapter(IdOf(path), file.FullName, GgufFingerprint.Compute(path).ToString(), LatentAdapterFile.Read(path))));
        try
        {
            return lazy.Value;
        }
        catch
        {
            cache.TryRemove(key, out _);
            throw;
        }
    }

    private static string IdOf(string path)
    {
        var name = Path.GetFileName(path);
        return name[..^LatentAdapterFile.Extension.Length];
    }
}
