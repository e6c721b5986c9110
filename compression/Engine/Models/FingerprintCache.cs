using System.Collections.Concurrent;
using System.Globalization;
using Compressor.Gguf;

namespace Compressor.Engine.Models;

/// <summary>
/// SHA-256 of model files, computed once per (path, size, modification time) and remembered in
/// memory and in a sidecar file "&lt;model&gt;.gguf.sha256" when the folder is writable, so a restart
/// does not hash gigabytes again.
/// </summary>
public sealed class FingerprintCache
{
    private readonly ConcurrentDictionary<(string, long, DateTime), Lazy<Task<string>>> cache = new();

    public Task<string> GetAsync(ModelDescriptor model, CancellationToken cancellationToken) =>
        cache.GetOrAdd((model.Path, model.FileSize, model.LastWriteUtc),
            _ => new Lazy<Task<string>>(() => ComputeAsync(model))).Value.WaitAsync(cancellationToken);

    /// <summary>The fingerprint when already known, without computing it.</summary>
    public string? TryGet(ModelDescriptor model) =>
        cache.TryGetValue((model.Path, model.FileSize, model.LastWriteUtc), out var lazy) && lazy.IsValueCreated && lazy.Value.IsCompletedSuccessfully
            ? lazy.Value.Result
            : ReadSidecar(model);

    private static async Task<string> ComputeAsync(ModelDescriptor model)
    {
        var remembered = ReadSidecar(model);
        if (remembered is not null)
        {
            return remembered;
        }

        var fingerprint = (await GgufFingerprint.ComputeAsync(model.Path).ConfigureAwait(false)).ToString();
        try
        {
            await File.WriteAllTextAsync(model.Path + ".sha256",
                $"{fingerprint} {model.FileSize} {model.LastWriteUtc.Ticks.ToString(CultureInfo.InvariantCulture)}\n").ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A read-only models folder only costs a recomputation after restart.
        }

        return fingerprint;
    }

    private static string? ReadSidecar(ModelDescriptor model)
    {
        try
        {
            var parts = File.ReadAllText(model.Path + ".sha256").Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            return parts.Length == 3 && parts[1] == model.FileSize.ToString(CultureInfo.InvariantCulture) &&
                   parts[2] == model.LastWriteUtc.Ticks.ToString(CultureInfo.InvariantCulture) && parts[0].StartsWith("sha256:", StringComparison.Ordinal)
                ? parts[0]
                : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
