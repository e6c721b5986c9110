using System.Security.Cryptography;

namespace Compressor.Gguf;

/// <summary>
/// Identity of a model file: SHA-256 of all its bytes, streamed. Cache keys use it so that a model
/// replaced under the same path never serves stale results.
/// </summary>
public sealed record GgufFingerprint(string Sha256, long FileSize)
{
    public static GgufFingerprint Compute(string path)
    {
        using var stream = OpenSequential(path);
        return new GgufFingerprint(Convert.ToHexStringLower(SHA256.HashData(stream)), stream.Length);
    }

    public static async Task<GgufFingerprint> ComputeAsync(string path, CancellationToken cancellationToken = default)
    {
        await using var stream = OpenSequential(path);
        var hash = await SHA256.HashDataAsync(stream, cancellationToken).ConfigureAwait(false);
        return new GgufFingerprint(Convert.ToHexStringLower(hash), stream.Length);
    }

    public override string ToString() => $"sha256:{Sha256}";

    private static FileStream OpenSequential(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return new FileStream(path, new FileStreamOptions
        {
            Mode = FileMode.Open,
            Access = FileAccess.Read,
            Share = FileShare.Read,
            BufferSize = 1 << 20,
            Options = FileOptions.SequentialScan,
        });
    }
}
